package dev.minikafka.checker.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Raw {@code POST /v1/topics/{topic}/records} requests of one to three records with explicit
 * partitions, not idempotent, one request at a time and never retried. Each record is one
 * operation; all of a request's share its times. A 200 acknowledges each record with an offset and
 * refuses each with an error entry; another status refuses them all; no answer leaves them unknown.
 */
public final class HttpProducerClient implements WorkloadClient {
  private final String name;
  private final RawHttp http;
  private final Topics topics;
  private final History history;
  private final Gate gate;
  private final Random random;
  private final Duration pace;
  private volatile boolean stopped;

  /**
   * @param pace the pause between two requests
   */
  public HttpProducerClient(
      String name,
      String url,
      Topics topics,
      History history,
      Gate gate,
      long seed,
      Duration pace) {
    this.name = name;
    this.http = new RawHttp(url);
    this.topics = topics;
    this.history = history;
    this.gate = gate;
    this.random = new Random(seed);
    this.pace = pace;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long seq = 0;
    try {
      while (!stopped) {
        gate.begin();
        try {
          seq = request(seq);
        } finally {
          gate.end();
        }
        Thread.sleep(pace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long request(long firstSeq) throws InterruptedException {
    String topic = topics.pick(random).topic();
    int partitions = topics.consumed().getOrDefault(topic, topics.tail().getOrDefault(topic, 1));
    int count = 1 + random.nextInt(3);
    List<Action.Send> sends = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>();
    long seq = firstSeq;
    for (int i = 0; i < count; i++) {
      TopicPartition tp = new TopicPartition(topic, random.nextInt(partitions));
      String value = name + "-" + seq;
      sends.add(new Action.Send(name, seq++, tp, value, -1));
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("partition", tp.partition());
      record.put("value", value);
      records.add(record);
    }
    long invoked = history.now();
    RawHttp.Answer answer;
    try {
      answer = http.post("/v1/topics/" + topic + "/records", Map.of("records", records));
    } catch (IOException e) {
      for (Action.Send s : sends) {
        history.record(name, invoked, Outcomes.ofRequest(e), s, Outcomes.describe(e));
      }
      return seq;
    }
    JsonNode results = answer.body() == null ? null : answer.body().get("results");
    for (int i = 0; i < sends.size(); i++) {
      Action.Send s = sends.get(i);
      JsonNode result = answer.status() == 200 && results != null ? results.get(i) : null;
      if (result != null && result.has("offset")) {
        history.record(
            name,
            invoked,
            Outcome.OK,
            new Action.Send(name, s.seq(), s.tp(), s.value(), result.get("offset").asLong()),
            null);
      } else {
        String error = answer.status() + " " + (result != null ? result : answer.text());
        history.record(name, invoked, Outcome.FAILED, s, error);
      }
    }
    return seq;
  }
}
