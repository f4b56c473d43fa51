package dev.minikafka.http;

import static dev.minikafka.http.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The record-batch form of the partition read and the group poll ({@code Accept:
 * application/vnd.kafka.record-batch.v2}): the envelope, the stored batches verbatim, whole batches
 * around the fetch offset and max_records, re-encoding for a client without the codec, empty
 * answers and long-polls. Answers are decoded here with kafka-clients' record classes (through the
 * storage module), independently of the SDK's decoder.
 */
@Timeout(60)
class V1RecordBatchReadTest {
  private static final String TYPE = "application/vnd.kafka.record-batch.v2";
  private static final int ATTRIBUTES = 21;
  private static final int MAGIC = 16;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension final TestServer server = TestServer.create();

  /** An answer in record-batch form, taken apart. */
  private record Envelope(JsonNode metadata, List<byte[]> sections) {
    JsonNode partition(int i) {
      return metadata.get("partitions").get(i);
    }

    /** The records of section {@code i} at or after its fetch offset, decoded by kafka-clients. */
    List<LogRecord> records(int i) {
      return new FetchedRecords(ByteBuffer.wrap(sections.get(i)), "answer", 0)
          .records(partition(i).get("fetch_offset").asLong());
    }
  }

  private static Envelope envelope(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(TYPE);
    ByteBuffer body = ByteBuffer.wrap(r.body());
    int length = body.getInt();
    JsonNode metadata = TestServer.JSON.readTree(r.body(), 4, length);
    body.position(4 + length);
    List<byte[]> sections = new ArrayList<>();
    for (JsonNode p : metadata.get("partitions")) {
      byte[] section = new byte[p.get("bytes").asInt()];
      body.get(section);
      sections.add(section);
    }
    assertThat(body.hasRemaining()).as("bytes past the sections").isFalse();
    return new Envelope(metadata, sections);
  }

  private HttpResponse<byte[]> send(String method, String path, String body, String accept)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> read(String topic, long offset, String query, String accept)
      throws Exception {
    return send(
        "GET",
        "/v1/topics/" + topic + "/partitions/0/records?offset=" + offset + query,
        null,
        accept);
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return TestServer.json(r);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** Records {@code from} to {@code to - 1} named by their number, one with a header. */
  private static List<RecordData> records(int from, int to) {
    List<RecordData> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          new RecordData(
              1_764_000_000_000L + i,
              i % 3 == 0 ? null : utf8("k" + i),
              utf8("v" + i),
              i == from ? List.of(new RecordHeader("h", utf8("x"))) : List.of()));
    }
    return out;
  }

  /** Stores {@code records} as one batch through the record-batch produce route; its bytes. */
  private byte[] produceBatch(String topic, Compression compression, List<RecordData> records)
      throws Exception {
    ByteBuffer b = Batches.encodeForAppend(records, compression, null).buffer();
    byte[] batch = new byte[b.remaining()];
    b.get(batch);
    HttpResponse<byte[]> r =
        CLIENT.send(
            HttpRequest.newBuilder(server.uri("/v1/topics/" + topic + "/partitions/0/batches"))
                .header("Content-Type", TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return batch;
  }

  private void createTopic(String name) throws Exception {
    ok(server.post("/v1/topics", "{\"name\": \"" + name + "\"}"));
  }

  /** The bytes from the magic byte on: what the broker never rewrites. */
  private static byte[] fromMagic(byte[] batch) {
    return Arrays.copyOfRange(batch, MAGIC, batch.length);
  }

  private static List<String> values(List<LogRecord> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aReadFromInsideABatchAnswersTheWholeStoredBatch() throws Exception {
    createTopic("t");
    byte[] first = produceBatch("t", Compression.NONE, records(0, 10));
    byte[] second = produceBatch("t", Compression.NONE, records(10, 15));

    Envelope e = envelope(read("t", 3, "", TYPE));
    JsonNode p = e.partition(0);
    assertThat(p.get("topic").asText()).isEqualTo("t");
    assertThat(p.get("partition").asInt()).isZero();
    assertThat(p.get("fetch_offset").asLong()).isEqualTo(3);
    assertThat(p.get("next_offset").asLong()).isEqualTo(15);
    assertThat(p.get("high_watermark").asLong()).isEqualTo(15);
    assertThat(p.get("log_start_offset").asLong()).isZero();
    byte[] section = e.sections().get(0);
    assertThat(section).hasSize(first.length + second.length);
    assertThat(fromMagic(Arrays.copyOfRange(section, 0, first.length)))
        .as("the stored batch, byte for byte past the fields the broker assigns")
        .isEqualTo(fromMagic(first));
    assertThat(ByteBuffer.wrap(section, first.length, 8).getLong()).isEqualTo(10);
    List<LogRecord> records = e.records(0);
    assertThat(records.getFirst().offset()).isEqualTo(3);
    assertThat(values(records)).hasSize(12).startsWith("v3").endsWith("v14");
    assertThat(e.metadata().has("generation")).as("a partition read has no group fields").isFalse();
  }

  @Test
  void maxRecordsNeverCutsABatchAndNextOffsetIsPastTheLastOneReturned() throws Exception {
    createTopic("t");
    produceBatch("t", Compression.NONE, records(0, 5));
    produceBatch("t", Compression.NONE, records(5, 10));

    Envelope e = envelope(read("t", 1, "&max_records=2", TYPE));
    assertThat(e.partition(0).get("next_offset").asLong()).isEqualTo(5);
    assertThat(values(e.records(0))).containsExactly("v1", "v2", "v3", "v4");

    Envelope upTo = envelope(read("t", 1, "&max_records=5", TYPE));
    assertThat(upTo.partition(0).get("next_offset").asLong())
        .as("the batch that reaches max_records comes whole")
        .isEqualTo(10);
  }

  @Test
  void aCompressedBatchIsReEncodedForAClientWithoutItsCodecAndSentAsStoredToOneWithIt()
      throws Exception {
    createTopic("z");
    byte[] stored = produceBatch("z", Compression.ZSTD, records(0, 6));

    Envelope plain = envelope(read("z", 2, "", TYPE + "; codecs=\"none,gzip\""));
    byte[] section = plain.sections().get(0);
    assertThat(ByteBuffer.wrap(section).getShort(ATTRIBUTES) & 0x07)
        .as("codec bits of the re-encoded batch")
        .isZero();
    // FetchedRecords checks the CRC before it decodes: the re-encoded batch carries a fresh one.
    assertThat(values(plain.records(0))).containsExactly("v2", "v3", "v4", "v5");
    assertThat(ByteBuffer.wrap(section).getLong(0)).as("its offsets stay").isZero();
    assertThat(plain.partition(0).get("next_offset").asLong()).isEqualTo(6);
    assertThat(plain.partition(0).get("bytes").asInt()).isEqualTo(section.length);

    Envelope asStored = envelope(read("z", 2, "", TYPE + ";codecs=\"none,zstd\""));
    assertThat(fromMagic(asStored.sections().get(0))).isEqualTo(fromMagic(stored));
  }

  @Test
  void atTheHighWatermarkTheAnswerIsEmptyOrWaitsForTheNextRecord() throws Exception {
    createTopic("t");
    Envelope empty = envelope(read("t", 0, "", TYPE));
    assertThat(empty.sections()).containsExactly(new byte[0]);
    JsonNode p = empty.partition(0);
    assertThat(p.get("fetch_offset").asLong()).isZero();
    assertThat(p.get("next_offset").asLong()).isZero();
    assertThat(p.get("high_watermark").asLong()).isZero();

    CompletableFuture<HttpResponse<byte[]>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return read("t", 0, "&timeout_ms=20000", TYPE);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    // The read waits at the high watermark until this batch is stored, then answers it.
    produceBatch("t", Compression.NONE, records(0, 2));
    Envelope arrived = envelope(waiting.get(30, TimeUnit.SECONDS));
    assertThat(values(arrived.records(0))).containsExactly("v0", "v1");
    assertThat(arrived.partition(0).get("next_offset").asLong()).isEqualTo(2);
  }

  @Test
  void jsonStaysTheDefaultAndErrorsStayJson() throws Exception {
    createTopic("t");
    produceBatch("t", Compression.NONE, records(0, 3));
    for (String accept : new String[] {null, "application/json", TYPE + "; q=0", "*/*"}) {
      HttpResponse<byte[]> r = read("t", 0, "", accept);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as("Accept %s", accept)
          .startsWith("application/json");
      assertThat(TestServer.JSON.readTree(r.body()).get("records")).hasSize(3);
    }
    HttpResponse<byte[]> outside = read("t", 9, "", TYPE);
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(text(outside)).contains("valid offsets are 0 to 3");
  }

  @Test
  void anUnknownCodecIsRefusedByName() throws Exception {
    createTopic("t");
    HttpResponse<byte[]> r = read("t", 0, "", TYPE + "; codecs=\"none,brotli\"");
    assertThat(r.statusCode()).as(text(r)).isEqualTo(400);
    JsonNode e = TestServer.JSON.readTree(r.body());
    assertThat(e.get("error_code").asInt()).isEqualTo(42);
    assertThat(e.get("message").asText()).contains("brotli");
  }

  @Test
  void aGroupPollAnswersBatchesAndMovesThePositionPastThem() throws Exception {
    createTopic("t");
    produceBatch("t", Compression.NONE, records(0, 5));
    produceBatch("t", Compression.NONE, records(5, 8));
    String member =
        ok(server.post(
                "/v1/groups/g/members",
                "{\"topics\": [\"t\"], \"auto_offset_reset\": \"earliest\"}"))
            .get("member_id")
            .asText();
    String poll = "/v1/groups/g/members/" + member + "/poll";

    Envelope first = envelope(send("POST", poll, "{\"max_records\": 2}", TYPE));
    assertThat(first.metadata().get("generation").asInt()).isEqualTo(1);
    assertThat(first.metadata().get("assignment").toString())
        .isEqualTo("[{\"topic\":\"t\",\"partition\":0}]");
    assertThat(first.metadata().get("added")).isEmpty();
    assertThat(first.metadata().get("revoked")).isEmpty();
    assertThat(first.partition(0).get("fetch_offset").asLong()).isZero();
    assertThat(first.partition(0).get("next_offset").asLong()).isEqualTo(5);
    assertThat(first.partition(0).get("high_watermark").asLong()).isEqualTo(8);
    assertThat(values(first.records(0))).containsExactly("v0", "v1", "v2", "v3", "v4");

    // The member's position is past the whole batch: a JSON poll goes on from there.
    JsonNode json = ok(server.post(poll, "{}"));
    assertThat(json.get("records"))
        .extracting(r -> r.get("offset").asLong())
        .containsExactly(5L, 6L, 7L);

    Envelope none = envelope(send("POST", poll, "{\"timeout_ms\": 0}", TYPE));
    assertThat(none.metadata().get("partitions")).isEmpty();
    assertThat(none.metadata().get("generation").asInt()).isEqualTo(1);
  }

  @Test
  void aGroupPollWaitsForRecordsInBatchFormToo() throws Exception {
    createTopic("t");
    String member =
        ok(server.post("/v1/groups/g/members", "{\"topics\": [\"t\"]}")).get("member_id").asText();
    String poll = "/v1/groups/g/members/" + member + "/poll";
    CompletableFuture<HttpResponse<byte[]>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return send("POST", poll, "{\"timeout_ms\": 20000}", TYPE);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    produceBatch("t", Compression.GZIP, records(0, 3));
    Envelope arrived = envelope(waiting.get(30, TimeUnit.SECONDS));
    assertThat(values(arrived.records(0))).containsExactly("v0", "v1", "v2");
    assertThat(ByteBuffer.wrap(arrived.sections().get(0)).getShort(ATTRIBUTES) & 0x07)
        .as("gzip re-encoded: the client named no codec")
        .isZero();
  }

  @Test
  void aPollForAnUnknownMemberIsAJsonError() throws Exception {
    createTopic("t");
    HttpResponse<byte[]> r = send("POST", "/v1/groups/g/members/nobody/poll", "{}", TYPE);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestServer.JSON.readTree(r.body()).get("error_code").asInt()).isEqualTo(25);
    assertError(server.post("/v1/groups/g/members/nobody/poll", "{}"), 404, 25, "nobody");
  }
}
