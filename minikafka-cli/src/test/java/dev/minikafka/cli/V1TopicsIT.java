package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /v1} topic API end to end against {@code bin/broker} as a separate process: a
 * partitioned topic, keyed batches with headers and timestamps, every partition read back; then a
 * SIGKILL, a restart on the same data directory, and everything read again.
 */
@Timeout(180)
class V1TopicsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 4;
  private static final int BATCHES = 6;
  private static final int PER_BATCH = 50;

  @TempDir Path dataDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  /** A record as the test expects to read it back. */
  private record Expected(long offset, String key, String value, long timestamp, String headers) {}

  @Test
  void keyedBatchesAreReadBackFromEveryPartitionBeforeAndAfterASigkill() throws Exception {
    BrokerProcess first = BrokerProcess.start(launchers, dataDir, "--max-body-bytes", "1048576");
    ok(
        first.send(
            "POST",
            "/v1/topics",
            "{\"name\":\"events\",\"partitions\":"
                + PARTITIONS
                + ",\"configs\":"
                + "{\"segment.bytes\":2048,\"retention.ms\":-1}}"),
        201);

    Map<Integer, List<Expected>> expected = new TreeMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      expected.put(p, new ArrayList<>());
    }
    long timestamp = 1_764_000_000_000L;
    for (int b = 0; b < BATCHES; b++) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode records = body.putArray("records");
      for (int i = 0; i < PER_BATCH; i++) {
        ObjectNode r = records.addObject();
        int n = b * PER_BATCH + i;
        if (n % 10 != 9) {
          r.put("key", "user-" + (n % 37));
        }
        r.put("value", "event-" + n + " é");
        r.put("timestamp", timestamp + n);
        ArrayNode headers = r.putArray("headers");
        headers.addObject().put("key", "seq").put("value", Integer.toString(n));
        headers.addObject().put("key", "batch").put("value", Integer.toString(b));
      }
      JsonNode results = ok(first.send("POST", "/v1/topics/events/records", body.toString()), 200);
      for (int i = 0; i < PER_BATCH; i++) {
        JsonNode res = results.get("results").get(i);
        JsonNode sent = records.get(i);
        expected
            .get(res.get("partition").asInt())
            .add(
                new Expected(
                    res.get("offset").asLong(),
                    sent.has("key") ? sent.get("key").asText() : null,
                    sent.get("value").asText(),
                    sent.get("timestamp").asLong(),
                    sent.get("headers").toString()));
      }
    }
    for (List<Expected> list : expected.values()) {
      assertThat(list).as("every partition gets records").isNotEmpty();
      for (int i = 0; i < list.size(); i++) {
        assertThat(list.get(i).offset()).as("dense offsets per partition").isEqualTo(i);
      }
    }

    readEverything(first, expected);
    String tooBig = "{\"records\":[{\"value\":\"" + "x".repeat(1_100_000) + "\"}]}";
    assertThat(first.send("POST", "/v1/topics/events/records", tooBig).statusCode())
        .as("--max-body-bytes")
        .isEqualTo(413);
    JsonNode described = ok(first.send("GET", "/v1/topics/events", null), 200);
    assertThat(described.at("/partitions/0/segments").asInt())
        .as("small segments roll")
        .isGreaterThan(1);

    first.kill();
    assertThat(Files.exists(dataDir.resolve(".clean-shutdown"))).isFalse();

    BrokerProcess second = BrokerProcess.start(launchers, dataDir);
    JsonNode after = ok(second.send("GET", "/v1/topics/events", null), 200);
    assertThat(after.at("/configs/segment.bytes").asText()).isEqualTo("2048");
    assertThat(after.at("/configs/retention.ms").asText()).isEqualTo("-1");
    for (int p = 0; p < PARTITIONS; p++) {
      assertThat(after.at("/partitions/" + p + "/high_watermark").asLong())
          .isEqualTo(expected.get(p).size());
    }
    readEverything(second, expected);

    // Offsets go on from where they were, and a timestamp finds its record again.
    JsonNode more =
        ok(
            second.send(
                "POST",
                "/v1/topics/events/records",
                "{\"records\":[{\"partition\":2,\"value\":\"after the crash\"}]}"),
            200);
    assertThat(more.at("/results/0/offset").asLong()).isEqualTo(expected.get(2).size());
    Expected probe = expected.get(1).get(expected.get(1).size() / 2);
    JsonNode found =
        ok(
            second.send(
                "GET", "/v1/topics/events/partitions/1/offsets?at=" + probe.timestamp(), null),
            200);
    assertThat(found.get("offset").asLong()).isEqualTo(probe.offset());
    assertThat(found.get("timestamp").asLong()).isEqualTo(probe.timestamp());
  }

  @Test
  void anIdempotentRetryAfterASigkillIsRecognised() throws Exception {
    BrokerProcess first = BrokerProcess.start(launchers, dataDir);
    ok(first.send("POST", "/v1/topics", "{\"name\":\"pay\",\"partitions\":2}"), 201);
    long producer = ok(first.send("POST", "/v1/producers", null), 201).get("producer_id").asLong();
    JsonNode stored = null;
    for (int seq = 0; seq < 10; seq++) {
      stored = ok(first.send("POST", "/v1/topics/pay/records", payment(producer, seq)), 200);
    }
    first.kill();

    BrokerProcess second = BrokerProcess.start(launchers, dataDir);
    JsonNode retry = ok(second.send("POST", "/v1/topics/pay/records", payment(producer, 9)), 200);
    assertThat(retry.at("/results/0/duplicate").asBoolean()).isTrue();
    assertThat(retry.at("/results/0/offset")).isEqualTo(stored.at("/results/0/offset"));
    assertThat(retry.at("/results/0/timestamp")).isEqualTo(stored.at("/results/0/timestamp"));
    assertThat(second.send("POST", "/v1/topics/pay/records", payment(producer, 11)).statusCode())
        .isEqualTo(409);
    JsonNode next = ok(second.send("POST", "/v1/topics/pay/records", payment(producer, 10)), 200);
    assertThat(next.at("/results/0").has("duplicate")).isFalse();
    assertThat(next.at("/results/0/offset").asLong()).isEqualTo(10);
    long newer = ok(second.send("POST", "/v1/producers", null), 201).get("producer_id").asLong();
    assertThat(newer).isGreaterThan(producer);
  }

  private static String payment(long producer, int seq) {
    return "{\"producer_id\":"
        + producer
        + ",\"producer_epoch\":0,\"sequences\":{\"1\":"
        + seq
        + "},\"records\":[{\"partition\":1,\"value\":\"payment-"
        + seq
        + "\"}]}";
  }

  /** Reads every partition from 0 in pages of 37 and compares each record with what was sent. */
  private static void readEverything(BrokerProcess broker, Map<Integer, List<Expected>> expected)
      throws Exception {
    for (Map.Entry<Integer, List<Expected>> e : expected.entrySet()) {
      int p = e.getKey();
      List<JsonNode> read = new ArrayList<>();
      long offset = 0;
      while (offset < e.getValue().size()) {
        JsonNode page =
            ok(
                broker.send(
                    "GET",
                    "/v1/topics/events/partitions/"
                        + p
                        + "/records?offset="
                        + offset
                        + "&max_records=37",
                    null),
                200);
        assertThat(page.get("records").size()).isBetween(1, 37);
        page.get("records").forEach(read::add);
        offset = page.get("next_offset").asLong();
      }
      assertThat(read).hasSize(e.getValue().size());
      for (int i = 0; i < read.size(); i++) {
        JsonNode r = read.get(i);
        Expected x = e.getValue().get(i);
        assertThat(r.get("partition").asInt()).isEqualTo(p);
        assertThat(r.get("offset").asLong()).isEqualTo(x.offset());
        assertThat(r.get("key").isNull() ? null : r.get("key").asText()).isEqualTo(x.key());
        assertThat(r.get("value").asText()).isEqualTo(x.value());
        assertThat(r.get("timestamp").asLong()).isEqualTo(x.timestamp());
        assertThat(r.get("headers").toString()).isEqualTo(x.headers());
      }
    }
  }

  private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
