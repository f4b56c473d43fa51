package dev.minikafka.http;

import static dev.minikafka.http.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.ProducerStamp;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /v1/topics/{topic}/partitions/{partition}/batches}: client-encoded v2 record batches
 * stored verbatim, checked first, idempotent by their headers.
 */
@Timeout(60)
class V1BatchProduceTest {
  private static final String TYPE = "application/vnd.kafka.record-batch.v2";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension final TestServer server = TestServer.create();

  private HttpResponse<String> postBatches(String path, String type, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String topic, int partition, byte[] body) throws Exception {
    return postBatches("/v1/topics/" + topic + "/partitions/" + partition + "/batches", TYPE, body);
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return TestServer.json(r);
  }

  private void createTopic(String body) throws Exception {
    ok(server.post("/v1/topics", body));
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] batch(Compression compression, ProducerStamp stamp, RecordData... records) {
    ByteBuffer b = Batches.encodeForAppend(List.of(records), compression, stamp).buffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static RecordData rec(long ts, String key, String value, RecordHeader... headers) {
    return new RecordData(ts, utf8(key), utf8(value), List.of(headers));
  }

  private List<JsonNode> records(String topic, int partition) throws Exception {
    JsonNode r =
        ok(
            server.get(
                "/v1/topics/"
                    + topic
                    + "/partitions/"
                    + partition
                    + "/records?offset=0"
                    + "&format=base64"));
    List<JsonNode> out = new ArrayList<>();
    r.get("records").forEach(out::add);
    return out;
  }

  private long highWatermark(String topic, int partition) throws Exception {
    return ok(server.get("/v1/topics/" + topic))
        .at("/partitions/" + partition + "/high_watermark")
        .asLong();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(utf8(s));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void batchesAreStoredAndReadBackWithKeysValuesHeadersAndTimestamps(Compression compression)
      throws Exception {
    createTopic("{\"name\":\"t\",\"partitions\":2}");
    byte[] first =
        batch(
            compression,
            null,
            rec(1_000, "k1", "v1", new RecordHeader("h", utf8("x")), new RecordHeader("n", null)),
            rec(1_001, null, "v2"));
    byte[] second = batch(compression, null, rec(5, "k3", null));

    JsonNode a = ok(post("t", 1, concat(first, second)));
    assertThat(a.get("partition").asInt()).isEqualTo(1);
    assertThat(a.get("base_offset").asLong()).isZero();
    assertThat(a.get("last_offset").asLong()).isEqualTo(2);
    assertThat(a.get("log_append_time").asLong()).isEqualTo(-1);
    assertThat(a.get("duplicate").asBoolean()).isFalse();
    JsonNode b = ok(post("t", 1, batch(compression, null, rec(7, "k4", "v4"))));
    assertThat(b.get("base_offset").asLong()).isEqualTo(3);
    assertThat(b.get("last_offset").asLong()).isEqualTo(3);

    List<JsonNode> stored = records("t", 1);
    assertThat(stored).hasSize(4);
    assertThat(stored.get(0).get("offset").asLong()).isZero();
    assertThat(stored.get(0).get("timestamp").asLong()).isEqualTo(1_000);
    assertThat(stored.get(0).get("key").asText()).isEqualTo(b64("k1"));
    assertThat(stored.get(0).get("value").asText()).isEqualTo(b64("v1"));
    assertThat(stored.get(0).at("/headers/0/key").asText()).isEqualTo("h");
    assertThat(stored.get(0).at("/headers/0/value").asText()).isEqualTo(b64("x"));
    assertThat(stored.get(0).at("/headers/1/key").asText()).isEqualTo("n");
    assertThat(stored.get(0).at("/headers/1/value").isNull()).isTrue();
    assertThat(stored.get(1).get("key").isNull()).isTrue();
    assertThat(stored.get(1).get("timestamp").asLong()).isEqualTo(1_001);
    assertThat(stored.get(2).get("value").isNull()).isTrue();
    assertThat(stored.get(2).get("timestamp").asLong()).isEqualTo(5);
    assertThat(stored.get(3).get("offset").asLong()).isEqualTo(3);
    assertThat(highWatermark("t", 0)).isZero();
  }

  @Test
  void aCorruptBatchIsRefusedAndNothingIsStored() throws Exception {
    createTopic("{\"name\":\"t\"}");
    byte[] good = batch(Compression.NONE, null, rec(1, "k", "v"));
    byte[] corrupt = good.clone();
    corrupt[corrupt.length - 1] ^= 1;
    // The good batch before the corrupt one must not be stored either.
    assertError(post("t", 0, concat(good, corrupt)), 400, 2, "CRC");
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    assertError(post("t", 0, cut), 400, 2, "length field");
    assertError(post("t", 0, new byte[0]), 400, 87, "no record batch");
    assertThat(highWatermark("t", 0)).isZero();
  }

  @Test
  void aBatchOverMaxMessageBytesIsRefusedWith413() throws Exception {
    createTopic("{\"name\":\"small\",\"configs\":{\"max.message.bytes\":1024}}");
    byte[] big = batch(Compression.NONE, null, rec(1, "k", "x".repeat(2_000)));
    assertError(post("small", 0, big), 413, 10, "max.message.bytes");
    assertThat(highWatermark("small", 0)).isZero();
  }

  @Test
  void anotherContentTypeIsRefusedWith415() throws Exception {
    createTopic("{\"name\":\"t\"}");
    byte[] good = batch(Compression.NONE, null, rec(1, "k", "v"));
    String path = "/v1/topics/t/partitions/0/batches";
    HttpResponse<String> json = postBatches(path, "application/json", good);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(415);
    assertThat(TestServer.json(json).get("message").asText()).contains(TYPE);
    assertThat(postBatches(path, null, good).statusCode()).isEqualTo(415);
    assertThat(ok(postBatches(path, TYPE + "; charset=binary", good)).get("base_offset").asLong())
        .isZero();
  }

  @Test
  void unknownTopicsAndPartitionsAre404WithTheValidRange() throws Exception {
    createTopic("{\"name\":\"t\",\"partitions\":3}");
    byte[] good = batch(Compression.NONE, null, rec(1, "k", "v"));
    assertError(post("t", 3, good), 404, 3, "0 to 2");
    assertError(post("t", -1, good), 404, 3, "0 to 2");
    assertError(post("nope", 0, good), 404, 3, "nope");
  }

  private long newProducer() throws Exception {
    return ok(server.post("/v1/producers", null)).get("producer_id").asLong();
  }

  @Test
  void aRetriedIdempotentBatchIsADuplicateWithTheStoredOffsets() throws Exception {
    createTopic("{\"name\":\"t\"}");
    long producer = newProducer();
    ok(post("t", 0, batch(Compression.NONE, null, rec(1, null, "plain"))));
    byte[] first =
        batch(
            Compression.NONE,
            new ProducerStamp(producer, (short) 0, 0),
            rec(1, "a", "1"),
            rec(2, "b", "2"));
    JsonNode stored = ok(post("t", 0, first));
    assertThat(stored.get("base_offset").asLong()).isEqualTo(1);
    assertThat(stored.get("last_offset").asLong()).isEqualTo(2);
    assertThat(stored.get("duplicate").asBoolean()).isFalse();

    JsonNode retry = ok(post("t", 0, first));
    assertThat(retry.get("duplicate").asBoolean()).isTrue();
    assertThat(retry.get("base_offset")).isEqualTo(stored.get("base_offset"));
    assertThat(retry.get("last_offset")).isEqualTo(stored.get("last_offset"));
    assertThat(highWatermark("t", 0)).isEqualTo(3);

    byte[] next =
        batch(Compression.NONE, new ProducerStamp(producer, (short) 0, 2), rec(3, "c", "3"));
    assertThat(ok(post("t", 0, next)).get("base_offset").asLong()).isEqualTo(3);
    // The idempotent state survives a restart: it is rebuilt from the batch headers in the log.
    server.restart();
    JsonNode afterRestart = ok(post("t", 0, next));
    assertThat(afterRestart.get("duplicate").asBoolean()).isTrue();
    assertThat(afterRestart.get("base_offset").asLong()).isEqualTo(3);
    assertThat(highWatermark("t", 0)).isEqualTo(4);
  }

  @Test
  void jsonRequestsAndBatchesOfOneProducerShareItsSequences() throws Exception {
    createTopic("{\"name\":\"t\"}");
    long producer = newProducer();
    String json =
        "{\"producer_id\":"
            + producer
            + ",\"producer_epoch\":0,\"sequences\":{\"0\":0},"
            + "\"records\":[{\"partition\":0,\"value\":\"a\"},{\"partition\":0,\"value\":\"b\"}]}";
    ok(server.post("/v1/topics/t/records", json));
    byte[] next =
        batch(Compression.NONE, new ProducerStamp(producer, (short) 0, 2), rec(1, "k", "c"));
    JsonNode stored = ok(post("t", 0, next));
    assertThat(stored.get("base_offset").asLong()).isEqualTo(2);
    assertThat(stored.get("duplicate").asBoolean()).isFalse();
    // A batch that repeats the JSON request's sequences is recognised as its retry.
    byte[] retry =
        batch(
            Compression.NONE,
            new ProducerStamp(producer, (short) 0, 0),
            rec(1, null, "a"),
            rec(1, null, "b"));
    JsonNode duplicate = ok(post("t", 0, retry));
    assertThat(duplicate.get("duplicate").asBoolean()).isTrue();
    assertThat(duplicate.get("base_offset").asLong()).isZero();
    assertThat(duplicate.get("last_offset").asLong()).isEqualTo(1);
    assertThat(highWatermark("t", 0)).isEqualTo(3);
  }

  @Test
  void anOutOfOrderSequenceIsRefusedWith409AndNothingIsStored() throws Exception {
    createTopic("{\"name\":\"t\"}");
    long producer = newProducer();
    ok(
        post(
            "t",
            0,
            batch(Compression.NONE, new ProducerStamp(producer, (short) 0, 0), rec(1, "a", "1"))));
    byte[] gap =
        batch(Compression.NONE, new ProducerStamp(producer, (short) 0, 5), rec(1, "b", "2"));
    assertError(post("t", 0, gap), 409, 45, "next expected is 1");
    byte[] fresh =
        batch(Compression.NONE, new ProducerStamp(newProducer(), (short) 0, 3), rec(1, "c", "3"));
    assertError(post("t", 0, fresh), 409, 45, "must start at 0");
    byte[] unknown =
        batch(Compression.NONE, new ProducerStamp(999, (short) 0, 0), rec(1, "d", "4"));
    assertError(post("t", 0, unknown), 404, 59, "999");
    assertThat(highWatermark("t", 0)).isEqualTo(1);
  }

  @Test
  void anIdempotentBatchMustComeAlone() throws Exception {
    createTopic("{\"name\":\"t\"}");
    long producer = newProducer();
    byte[] stamped =
        batch(Compression.NONE, new ProducerStamp(producer, (short) 0, 0), rec(1, "a", "1"));
    byte[] plain = batch(Compression.NONE, null, rec(1, "b", "2"));
    assertError(post("t", 0, concat(plain, stamped)), 400, 42, "alone");
    assertThat(highWatermark("t", 0)).isZero();
  }
}
