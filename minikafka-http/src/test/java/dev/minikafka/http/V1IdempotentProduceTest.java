package dev.minikafka.http;

import static dev.minikafka.http.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotent produce over {@code /v1}: retries recognised, gaps refused, state kept on restart. */
@Timeout(60)
class V1IdempotentProduceTest {
  @RegisterExtension final TestServer server = TestServer.create();

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return TestServer.JSON.readTree(r.body());
  }

  /** Creates topic {@code t} with two partitions. */
  private void createTopicT() throws Exception {
    ok(server.send("POST", "/v1/topics", "{\"name\":\"t\",\"partitions\":2}"));
  }

  /** Sends {@code body} to {@code POST /v1/topics/t/records}. */
  private HttpResponse<String> produce(String body) throws Exception {
    return server.send("POST", "/v1/topics/t/records", body);
  }

  private long newProducer() throws Exception {
    HttpResponse<String> r = server.send("POST", "/v1/producers", null);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode p = TestServer.JSON.readTree(r.body());
    assertThat(p.get("producer_epoch").asInt()).isZero();
    return p.get("producer_id").asLong();
  }

  private List<Long> highWatermarks() throws Exception {
    List<Long> out = new ArrayList<>();
    for (JsonNode p : ok(server.send("GET", "/v1/topics/t", null)).get("partitions")) {
      out.add(p.get("high_watermark").asLong());
    }
    return out;
  }

  /** Two records to partition 0 and one to partition 1, from the given sequences. */
  private static String request(long producer, int epoch, int seq0, int seq1) {
    return "{\"producer_id\":"
        + producer
        + ",\"producer_epoch\":"
        + epoch
        + ",\"sequences\":{\"0\":"
        + seq0
        + ",\"1\":"
        + seq1
        + "},\"records\":[{\"partition\":0,\"value\":\"a"
        + seq0
        + "\"},{\"partition\":1,\"value\":\"b"
        + seq1
        + "\"},{\"partition\":0,\"value\":\"c"
        + seq0
        + "\"}]}";
  }

  @Test
  void aRetryIsAnsweredWithTheFirstAttemptsOffsetsAndStoresNothing() throws Exception {
    createTopicT();
    long producer = newProducer();
    assertThat(newProducer()).isNotEqualTo(producer);

    JsonNode first = ok(produce(request(producer, 0, 0, 0)));
    assertThat(first.at("/results/0/offset").asLong()).isZero();
    assertThat(first.at("/results/2/offset").asLong()).isEqualTo(1);
    assertThat(first.at("/results/0").has("duplicate")).isFalse();
    JsonNode retry = ok(produce(request(producer, 0, 0, 0)));
    for (int i = 0; i < 3; i++) {
      JsonNode r = retry.at("/results/" + i);
      assertThat(r.get("duplicate").asBoolean()).isTrue();
      assertThat(r.get("offset")).isEqualTo(first.at("/results/" + i + "/offset"));
      assertThat(r.get("timestamp")).isEqualTo(first.at("/results/" + i + "/timestamp"));
    }
    assertThat(highWatermarks()).containsExactly(2L, 1L);

    ok(produce(request(producer, 0, 2, 1)));
    assertThat(highWatermarks()).containsExactly(4L, 2L);
    // The first request is still among the last five batches.
    assertThat(ok(produce(request(producer, 0, 0, 0))).at("/results/1/duplicate").asBoolean())
        .isTrue();
    assertThat(highWatermarks()).containsExactly(4L, 2L);

    // Skipping ahead on one partition refuses the whole request.
    assertError(produce(request(producer, 0, 4, 3)), 409, 45, "expected is 2");
    // Falling behind (a batch that matches no kept one) too.
    assertError(produce(request(producer, 0, 1, 2)), 409, 45, "partition 0");
    assertThat(highWatermarks()).containsExactly(4L, 2L);

    // A new epoch starts again at 0; the old epoch is then fenced.
    ok(produce(request(producer, 1, 0, 0)));
    assertError(produce(request(producer, 0, 4, 2)), 409, 47, "epoch 0");
    assertThat(highWatermarks()).containsExactly(6L, 3L);
  }

  @Test
  void badIdempotentRequestsAreRefused() throws Exception {
    createTopicT();
    long producer = newProducer();
    assertError(produce(request(producer + 100, 0, 0, 0)), 404, 59, "not handed out");
    assertError(
        produce(
            "{\"producer_id\":"
                + producer
                + ",\"producer_epoch\":0,\"sequences\":{\"0\":0},"
                + "\"records\":[{\"value\":\"no key\"}]}"),
        400,
        42,
        "records[0]");
    assertError(
        produce(
            "{\"producer_id\":" + producer + ",\"records\":[{\"partition\":0,\"value\":\"x\"}]}"),
        400,
        42,
        "all three");
    assertError(
        produce(
            "{\"producer_id\":"
                + producer
                + ",\"producer_epoch\":0,\"sequences\":{\"1\":0},"
                + "\"records\":[{\"partition\":0,\"value\":\"x\"}]}"),
        400,
        42,
        "sequences");
    assertError(
        produce(
            "{\"producer_id\":"
                + producer
                + ",\"producer_epoch\":0,\"sequences\":{\"0\":1},"
                + "\"records\":[{\"partition\":0,\"value\":\"x\"}]}"),
        409,
        45,
        "start at 0");
    assertThat(highWatermarks()).containsExactly(0L, 0L);
  }

  @Test
  void producerStateSurvivesARestartWithAndWithoutASnapshot() throws Exception {
    createTopicT();
    long few = newProducer();
    ok(produce(request(few, 0, 0, 0)));
    long many = newProducer();
    int batches = 120; // past the broker's snapshot interval (100 appends): snapshot, then more
    for (int i = 0; i < batches; i++) {
      ok(produce(request(many, 0, 2 * i, i)));
    }
    List<Long> before = highWatermarks();
    server.restart();

    assertThat(newProducer()).as("ids are not handed out twice").isGreaterThan(many);
    JsonNode retry = ok(produce(request(few, 0, 0, 0)));
    assertThat(retry.at("/results/0/duplicate").asBoolean()).isTrue();
    assertThat(retry.at("/results/0/offset").asLong()).isZero();
    int last = batches - 1;
    JsonNode lastRetry = ok(produce(request(many, 0, 2 * last, last)));
    assertThat(lastRetry.at("/results/1/duplicate").asBoolean()).isTrue();
    assertThat(highWatermarks()).isEqualTo(before);
    assertError(produce(request(many, 0, 2 * last + 4, last + 1)), 409, 45, "partition 0");
    ok(produce(request(many, 0, 2 * batches, batches)));
    ok(produce(request(few, 0, 2, 1)));
  }
}
