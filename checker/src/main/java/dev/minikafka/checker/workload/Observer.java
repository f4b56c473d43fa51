package dev.minikafka.checker.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.client.Admin;
import dev.minikafka.client.GroupDescription;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at the broker's state without a group: committed offsets of a group (through the SDK's
 * {@link Admin}) and the final drain of every partition (raw {@code GET .../records}), both
 * recorded as operations. Used by one thread at a time.
 */
public final class Observer implements AutoCloseable {
  private static final int PAGE = 500;

  private final History history;
  private final RawHttp http;
  private final Admin admin;

  /** An observer of the broker at {@code url}. */
  public Observer(String url, History history) {
    this.history = history;
    this.http = new RawHttp(url);
    this.admin =
        Admin.builder()
            .bootstrap(url)
            .requestTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** Records the committed offsets of {@code group}; an error is recorded, not thrown. */
  public GroupDescription committed(String group) {
    long invoked = history.now();
    try {
      GroupDescription d = admin.describeGroup(group);
      Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
      d.offsets().forEach((tp, o) -> o.committed().ifPresent(c -> offsets.put(tp, c)));
      history.record("observer", invoked, Outcome.OK, new Action.Committed(group, offsets), null);
      return d;
    } catch (RuntimeException e) {
      history.record(
          "observer",
          invoked,
          Outcomes.of(e),
          new Action.Committed(group, Map.of()),
          Outcomes.describe(e));
      return null;
    }
  }

  /** The high watermark of a partition, or -1 when the broker does not answer. */
  public long highWatermark(TopicPartition tp) throws InterruptedException {
    try {
      RawHttp.Answer a =
          http.get(
              "/v1/topics/" + tp.topic() + "/partitions/" + tp.partition() + "/offsets?at=latest");
      return a.status() == 200 ? a.body().get("offset").asLong() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Reads {@code tp} from offset 0 to its high watermark as the final drain and records it; a read
   * that fails part-way is recorded as {@link Outcome#UNKNOWN}.
   */
  public void drain(TopicPartition tp) throws InterruptedException {
    long invoked = history.now();
    List<Rec> recs = new ArrayList<>();
    long offset = 0;
    String reader = Action.Read.FINAL_DRAIN;
    try {
      while (true) {
        RawHttp.Answer a =
            http.get(
                "/v1/topics/"
                    + tp.topic()
                    + "/partitions/"
                    + tp.partition()
                    + "/records?offset="
                    + offset
                    + "&max_records="
                    + PAGE);
        if (a.status() != 200) {
          history.record(
              reader,
              invoked,
              Outcome.FAILED,
              new Action.Read(reader, tp, recs),
              a.status() + " " + a.text());
          return;
        }
        for (JsonNode r : a.body().get("records")) {
          recs.add(new Rec(tp, r.get("offset").asLong(), r.get("value").asText()));
        }
        offset = a.body().get("next_offset").asLong();
        if (offset >= a.body().get("high_watermark").asLong()) {
          break;
        }
      }
    } catch (IOException e) {
      history.record(
          reader,
          invoked,
          Outcome.UNKNOWN,
          new Action.Read(reader, tp, recs),
          Outcomes.describe(e));
      return;
    }
    history.record(reader, invoked, Outcome.OK, new Action.Read(reader, tp, recs), null);
  }

  @Override
  public void close() {
    admin.close();
  }
}
