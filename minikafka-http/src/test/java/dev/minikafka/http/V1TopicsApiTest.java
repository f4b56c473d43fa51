package dev.minikafka.http;

import static dev.minikafka.http.TestServer.assertError;
import static dev.minikafka.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code /v1/topics} routes against a real server on a free port, in this JVM. */
@Timeout(60)
class V1TopicsApiTest {
  @RegisterExtension final TestServer server = TestServer.create();

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return json(r);
  }

  private void create(String topic, int partitions) throws Exception {
    ok(server.post("/v1/topics", "{\"name\":\"" + topic + "\",\"partitions\":" + partitions + "}"));
  }

  private List<Long> highWatermarks(String topic) throws Exception {
    List<Long> out = new ArrayList<>();
    for (JsonNode p : ok(server.get("/v1/topics/" + topic)).get("partitions")) {
      out.add(p.get("high_watermark").asLong());
    }
    return out;
  }

  @Test
  void topicsAreCreatedListedDescribedChangedGrownAndDeleted() throws Exception {
    HttpResponse<String> created =
        server.post(
            "/v1/topics",
            "{\"name\":\"orders\",\"partitions\":3,"
                + "\"configs\":{\"retention.ms\":\"3600000\",\"segment.bytes\":1048576}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode d = json(created);
    assertThat(d.get("name").asText()).isEqualTo("orders");
    assertThat(d.get("topic_id").asText()).isNotBlank();
    assertThat(d.at("/configs/retention.ms").asText()).isEqualTo("3600000");
    assertThat(d.at("/configs/segment.bytes").asText()).isEqualTo("1048576");
    assertThat(d.at("/configs/max.message.bytes").asText()).isEqualTo("1048576");
    assertThat(d.get("partitions")).hasSize(3);
    assertThat(d.at("/partitions/2/partition").asInt()).isEqualTo(2);
    assertThat(d.at("/partitions/0/high_watermark").asLong()).isZero();
    assertThat(d.at("/partitions/0/log_start_offset").asLong()).isZero();
    assertThat(d.at("/partitions/0/segments").asInt()).isEqualTo(1);
    assertThat(d.at("/partitions/0/size_bytes").asLong()).isZero();

    ok(server.post("/topics/register", "{\"topic\":\"classroom\"}"));
    JsonNode list = ok(server.get("/v1/topics"));
    assertThat(list.get("topics").toString())
        .isEqualTo(
            "[{\"name\":\"classroom\",\"partitions\":1},{\"name\":\"orders\",\"partitions\":3}]");

    ok(
        server.post(
            "/v1/topics/orders/records", "{\"records\":[{\"partition\":1,\"value\":\"v\"}]}"));
    JsonNode described = ok(server.get("/v1/topics/orders"));
    assertThat(described.at("/partitions/1/high_watermark").asLong()).isEqualTo(1);
    assertThat(described.at("/partitions/1/size_bytes").asLong()).isPositive();

    JsonNode altered =
        ok(
            server.send(
                "PATCH", "/v1/topics/orders/configs", "{\"configs\":{\"retention.bytes\":1024}}"));
    assertThat(altered.at("/configs/retention.bytes").asText()).isEqualTo("1024");
    assertThat(altered.at("/configs/retention.ms").asText()).as("kept").isEqualTo("3600000");

    JsonNode grown = ok(server.post("/v1/topics/orders/partitions", "{\"count\":5}"));
    assertThat(grown.get("partitions")).hasSize(5);
    assertThat(grown.at("/partitions/1/high_watermark").asLong()).as("data kept").isEqualTo(1);

    HttpResponse<String> deleted = server.send("DELETE", "/v1/topics/orders", null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertError(server.get("/v1/topics/orders"), 404, 3, "orders");
    assertThat(ok(server.get("/v1/topics")).get("topics")).hasSize(1);
    create("orders", 1); // the name is free again, and the new topic starts empty
    assertThat(highWatermarks("orders")).containsExactly(0L);
  }

  @Test
  void theIndexListsTheFeaturesAClientMayChooseBy() throws Exception {
    JsonNode index = ok(server.get("/v1"));
    assertThat(index.get("api").asText()).isEqualTo("v1");
    assertThat(index.get("features"))
        .extracting(JsonNode::asText)
        .containsExactly("idempotent_producers", "record_batches", "consumer_groups");
  }

  @Test
  void topicsSurviveARestartWithTheirConfigs() throws Exception {
    ok(
        server.post(
            "/v1/topics", "{\"name\":\"t\",\"partitions\":2,\"configs\":{\"retention.ms\":-1}}"));
    ok(server.post("/v1/topics/t/records", "{\"records\":[{\"partition\":1,\"value\":\"kept\"}]}"));
    server.restart();
    JsonNode d = ok(server.get("/v1/topics/t"));
    assertThat(d.at("/configs/retention.ms").asText()).isEqualTo("-1");
    assertThat(highWatermarks("t")).containsExactly(0L, 1L);
  }

  static Stream<Arguments> badTopicAdmin() {
    return Stream.of(
        Arguments.of("POST", "/v1/topics", "{\"name\":\"keep\"}", 409, 36, "already exists"),
        Arguments.of("POST", "/v1/topics", "{\"name\":\"a/b\"}", 400, 17, "illegal character"),
        Arguments.of("POST", "/v1/topics", "{\"name\":\"..\"}", 400, 17, ".."),
        Arguments.of("POST", "/v1/topics", "{}", 400, 42, "name"),
        Arguments.of("POST", "/v1/topics", "[\"orders\"]", 400, 42, "JSON object"),
        Arguments.of("POST", "/v1/topics", "{\"name\":7}", 400, 42, "name"),
        Arguments.of("POST", "/v1/topics", "{\"name\":\"n\",\"partitions\":0}", 400, 37, "0"),
        Arguments.of("POST", "/v1/topics", "{\"name\":\"n\",\"partitions\":10001}", 400, 37, ""),
        Arguments.of("POST", "/v1/topics", "{\"name\":\"n\",\"partitions\":\"3\"}", 400, 42, ""),
        Arguments.of(
            "POST", "/v1/topics", "{\"name\":\"n\",\"partition\":3}", 400, 42, "partition"),
        Arguments.of(
            "POST",
            "/v1/topics",
            "{\"name\":\"n\",\"configs\":{\"cleanup.policy\":\"compact\"}}",
            400,
            40,
            "cleanup.policy"),
        Arguments.of(
            "POST",
            "/v1/topics",
            "{\"name\":\"n\",\"configs\":{\"retention.ms\":\"soon\"}}",
            400,
            40,
            "retention.ms"),
        Arguments.of(
            "POST",
            "/v1/topics",
            "{\"name\":\"n\",\"configs\":{\"retention.ms\":-2}}",
            400,
            40,
            "retention.ms"),
        Arguments.of(
            "POST",
            "/v1/topics",
            "{\"name\":\"n\",\"configs\":{\"segment.bytes\":true}}",
            400,
            40,
            "segment.bytes"),
        Arguments.of(
            "POST",
            "/v1/topics",
            "{\"name\":\"n\",\"configs\":{\"index.interval.bytes\":\"1\"}}",
            400,
            40,
            "index.interval.bytes"),
        Arguments.of(
            "POST", "/v1/topics", "{\"name\":\"__consumer_offsets\"}", 400, 42, "internal"),
        Arguments.of("GET", "/v1/topics/nope", null, 404, 3, "nope"),
        Arguments.of("GET", "/v1/topics/__consumer_offsets", null, 400, 42, "internal"),
        Arguments.of(
            "PATCH",
            "/v1/topics/keep/configs",
            "{\"configs\":{\"retention.ms\":\"x\"}}",
            400,
            40,
            "retention.ms"),
        Arguments.of(
            "PATCH", "/v1/topics/keep/configs", "{\"configs\":{\"x.y\":1}}", 400, 40, "x.y"),
        Arguments.of("PATCH", "/v1/topics/keep/configs", "{}", 400, 42, "configs"),
        Arguments.of("PATCH", "/v1/topics/nope/configs", "{\"configs\":{}}", 404, 3, "nope"),
        Arguments.of(
            "PATCH",
            "/v1/topics/__consumer_offsets/configs",
            "{\"configs\":{\"retention.ms\":1}}",
            400,
            42,
            "internal"),
        Arguments.of("POST", "/v1/topics/keep/partitions", "{\"count\":1}", 400, 37, "larger"),
        Arguments.of("POST", "/v1/topics/keep/partitions", "{\"count\":2}", 400, 37, "larger"),
        Arguments.of("POST", "/v1/topics/keep/partitions", "{}", 400, 42, "count"),
        Arguments.of("POST", "/v1/topics/nope/partitions", "{\"count\":3}", 404, 3, "nope"),
        Arguments.of(
            "POST", "/v1/topics/__consumer_offsets/partitions", "{\"count\":3}", 400, 42, ""),
        Arguments.of("DELETE", "/v1/topics/nope", null, 404, 3, "nope"),
        Arguments.of("DELETE", "/v1/topics/__consumer_offsets", null, 400, 42, "internal"));
  }

  @ParameterizedTest
  @MethodSource("badTopicAdmin")
  void badTopicAdminGetsAClearErrorAndChangesNothing(
      String method, String path, String body, int status, int code, String word) throws Exception {
    ok(
        server.post(
            "/v1/topics",
            "{\"name\":\"keep\",\"partitions\":2,\"configs\":{\"retention.ms\":\"60000\"}}"));
    ok(server.post("/v1/topics/keep/records", "{\"records\":[{\"value\":\"kept\"}]}"));
    String before = ok(server.get("/v1/topics/keep")).toString();
    Map<Path, byte[]> files = server.snapshot();
    assertError(server.send(method, path, body), status, code, word);
    assertThat(ok(server.get("/v1/topics/keep")).toString()).isEqualTo(before);
    assertThat(server.snapshot())
        .as("data directory unchanged")
        .containsExactlyInAnyOrderEntriesOf(files);
  }

  @Test
  void recordsGoWhereAKafkaProducerWouldPutThemAndComeBackWithHeadersAndTimestamps()
      throws Exception {
    create("orders", 4);
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 40; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"key\":\"customer-")
          .append(i)
          .append("\",\"value\":\"order-")
          .append(i)
          .append("\",\"timestamp\":")
          .append(1_764_000_000_000L + i)
          .append(",\"headers\":[{\"key\":\"trace\",\"value\":\"t")
          .append(i)
          .append("\"},{\"key\":\"trace\",\"value\":null}]}");
    }
    JsonNode results = ok(server.post("/v1/topics/orders/records", body.append("]}").toString()));
    assertThat(results.get("results")).hasSize(40);
    Map<Integer, Long> next = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      JsonNode r = results.get("results").get(i);
      int expected =
          BuiltInPartitioner.partitionForKey(("customer-" + i).getBytes(StandardCharsets.UTF_8), 4);
      assertThat(r.get("partition").asInt()).as("record %d", i).isEqualTo(expected);
      long offset = next.merge(expected, 1L, Long::sum) - 1;
      assertThat(r.get("offset").asLong()).as("dense offsets in request order").isEqualTo(offset);
      assertThat(r.get("timestamp").asLong()).isEqualTo(1_764_000_000_000L + i);
    }
    assertThat(next.keySet()).as("the keys spread over every partition").hasSize(4);

    int read = 0;
    for (int p = 0; p < 4; p++) {
      JsonNode f = ok(server.get("/v1/topics/orders/partitions/" + p + "/records?offset=0"));
      assertThat(f.get("records")).hasSize(next.get(p).intValue());
      assertThat(f.get("next_offset").asLong()).isEqualTo(next.get(p));
      assertThat(f.get("high_watermark").asLong()).isEqualTo(next.get(p));
      assertThat(f.get("log_start_offset").asLong()).isZero();
      for (JsonNode rec : f.get("records")) {
        int i = Integer.parseInt(rec.get("key").asText().substring("customer-".length()));
        assertThat(rec.get("topic").asText()).isEqualTo("orders");
        assertThat(rec.get("partition").asInt()).isEqualTo(p);
        assertThat(rec.get("value").asText()).isEqualTo("order-" + i);
        assertThat(rec.get("timestamp").asLong()).isEqualTo(1_764_000_000_000L + i);
        assertThat(rec.get("headers").toString())
            .isEqualTo(
                "[{\"key\":\"trace\",\"value\":\"t"
                    + i
                    + "\"},{\"key\":\"trace\",\"value\":null}]");
        assertThat(rec.has("encoding")).isFalse();
        read++;
      }
    }
    assertThat(read).isEqualTo(40);
  }

  @Test
  void keylessRecordsOfARequestShareAPartitionThatMovesFromRequestToRequest() throws Exception {
    create("t", 3);
    Set<Integer> used = new HashSet<>();
    for (int request = 0; request < 3; request++) {
      JsonNode results =
          ok(
              server.post(
                  "/v1/topics/t/records",
                  "{\"records\":[{\"value\":\"a\"},{\"value\":\"b\"},{\"key\":null,\"value\":\"c\"},"
                      + "{\"partition\":0,\"value\":\"explicit\"}]}"));
      int sticky = results.at("/results/0/partition").asInt();
      assertThat(results.at("/results/1/partition").asInt()).isEqualTo(sticky);
      assertThat(results.at("/results/2/partition").asInt()).isEqualTo(sticky);
      assertThat(results.at("/results/3/partition").asInt()).isZero();
      used.add(sticky);
    }
    assertThat(used).as("round-robin from request to request").containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void theBrokerClockStampsRecordsWithoutATimestamp() throws Exception {
    create("t", 1);
    long before = System.currentTimeMillis();
    JsonNode r = ok(server.post("/v1/topics/t/records", "{\"records\":[{\"value\":\"now\"}]}"));
    long stamped = r.at("/results/0/timestamp").asLong();
    assertThat(stamped).isBetween(before, System.currentTimeMillis());
    JsonNode f = ok(server.get("/v1/topics/t/partitions/0/records?offset=0"));
    assertThat(f.at("/records/0/timestamp").asLong()).isEqualTo(stamped);
    assertThat(f.at("/records/0/key").isNull()).isTrue();
  }

  @Test
  void binaryDataTravelsInBase64AndStringReadsOfItDoNotGarbleIt() throws Exception {
    create("bin", 1);
    byte[] key = {(byte) 0xff, 0, 1};
    byte[] value = {(byte) 0xc3, (byte) 0x28, 'x'};
    String k = Base64.getEncoder().encodeToString(key);
    String v = Base64.getEncoder().encodeToString(value);
    ok(
        server.post(
            "/v1/topics/bin/records",
            "{\"format\":\"base64\",\"records\":[{\"key\":\""
                + k
                + "\",\"value\":\""
                + v
                + "\",\"headers\":[{\"key\":\"h\",\"value\":\"AAE=\"}]},"
                + "{\"value\":\"aMOpbGxv\"}]}"));

    JsonNode asBase64 =
        ok(server.get("/v1/topics/bin/partitions/0/records?offset=0&format=base64"));
    assertThat(asBase64.at("/records/0/key").asText()).isEqualTo(k);
    assertThat(asBase64.at("/records/0/value").asText()).isEqualTo(v);
    assertThat(asBase64.at("/records/0/headers/0/value").asText()).isEqualTo("AAE=");
    assertThat(asBase64.at("/records/0").has("encoding")).isFalse();

    JsonNode asString = ok(server.get("/v1/topics/bin/partitions/0/records?offset=0"));
    assertThat(asString.at("/records/0/encoding").asText()).isEqualTo("base64");
    assertThat(asString.at("/records/0/key").asText()).isEqualTo(k);
    assertThat(asString.at("/records/0/value").asText()).isEqualTo(v);
    assertThat(asString.at("/records/1").has("encoding")).isFalse();
    assertThat(asString.at("/records/1/value").asText()).isEqualTo("héllo");
  }

  static Stream<Arguments> badProduce() {
    return Stream.of(
        Arguments.of("nope", "{\"records\":[{\"value\":\"x\"}]}", 404, 3, "nope"),
        Arguments.of(
            "__consumer_offsets", "{\"records\":[{\"value\":\"x\"}]}", 400, 42, "internal"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"ok\"},{\"partition\":3,\"value\":\"x\"}]}",
            404,
            3,
            "records[1]: topic 't' has no partition 3; its partitions are 0 to 2"),
        Arguments.of(
            "t",
            "{\"records\":[{\"partition\":-1,\"value\":\"x\"}]}",
            404,
            3,
            "records[0]: topic 't' has no partition -1; its partitions are 0 to 2"),
        Arguments.of(
            "t",
            "{\"format\":\"base64\",\"records\":[{\"value\":\"AA==\"},{\"value\":\"AA==\"},"
                + "{\"value\":\"not base64!\"}]}",
            400,
            42,
            "records[2].value is not valid base64"),
        Arguments.of(
            "t",
            "{\"format\":\"base64\",\"records\":[{\"value\":\"AA==\",\"headers\":"
                + "[{\"key\":\"h\",\"value\":\"%%\"}]}]}",
            400,
            42,
            "records[0].headers[0].value"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"ok\"},{\"key\":5,\"value\":\"x\"}]}",
            400,
            42,
            "records[1].key"),
        Arguments.of("t", "{\"records\":[{\"value\":{\"a\":1}}]}", 400, 42, "records[0].value"),
        Arguments.of("t", "{\"records\":[{\"value\":\"x\",\"partiton\":1}]}", 400, 42, "partiton"),
        Arguments.of("t", "{\"records\":[\"x\"]}", 400, 42, "records[0]"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"x\",\"timestamp\":-5}]}",
            400,
            42,
            "records[0].timestamp"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"x\",\"timestamp\":1.5}]}",
            400,
            42,
            "records[0].timestamp"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"x\",\"partition\":\"1\"}]}",
            400,
            42,
            "records[0].partition"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"x\",\"headers\":{\"k\":\"v\"}}]}",
            400,
            42,
            "records[0].headers"),
        Arguments.of(
            "t",
            "{\"records\":[{\"value\":\"x\",\"headers\":[{\"value\":\"v\"}]}]}",
            400,
            42,
            "records[0].headers[0].key"),
        Arguments.of("t", "{\"records\":[]}", 400, 42, "records"),
        Arguments.of("t", "{\"records\":{}}", 400, 42, "records"),
        Arguments.of("t", "{}", 400, 42, "records"),
        Arguments.of(
            "t", "{\"format\":\"hex\",\"records\":[{\"value\":\"x\"}]}", 400, 42, "format"),
        Arguments.of("t", "not json", 400, 42, "JSON"),
        Arguments.of(
            "small",
            "{\"records\":[{\"partition\":0,\"value\":\"x\"},{\"partition\":1,\"value\":\""
                + "y".repeat(1500)
                + "\"},{\"partition\":1,\"value\":\"z\"}]}",
            413,
            10,
            "records [1, 2] for partition 1 make a batch of"));
  }

  @ParameterizedTest
  @MethodSource("badProduce")
  void aBadProduceStoresNothing(String topic, String body, int status, int code, String words)
      throws Exception {
    create("t", 3);
    ok(
        server.post(
            "/v1/topics",
            "{\"name\":\"small\",\"partitions\":2,\"configs\":{\"max.message.bytes\":1024}}"));
    ok(server.post("/v1/topics/t/records", "{\"records\":[{\"partition\":1,\"value\":\"kept\"}]}"));
    List<Long> before = highWatermarks("t");
    List<Long> smallBefore = highWatermarks("small");
    Map<Path, byte[]> files = server.snapshot();
    assertError(server.post("/v1/topics/" + topic + "/records", body), status, code, words);
    assertThat(highWatermarks("t")).isEqualTo(before);
    assertThat(highWatermarks("small")).isEqualTo(smallBefore);
    assertThat(server.snapshot())
        .as("data directory unchanged")
        .containsExactlyInAnyOrderEntriesOf(files);
  }

  @Test
  void aBodyOverTheServersLimitIs413() throws Exception {
    server.restartHttp(new HttpServerConfig("127.0.0.1", 0, 4096));
    create("t", 1);
    String big = "{\"records\":[{\"value\":\"" + "x".repeat(5000) + "\"}]}";
    assertError(server.post("/v1/topics/t/records", big), 413, 10, "4096");
    assertThat(highWatermarks("t")).containsExactly(0L);
  }

  @Test
  void readsRespectTheirLimitsAndGiveAtLeastOneRecord() throws Exception {
    create("t", 1);
    for (int batch = 0; batch < 5; batch++) {
      StringBuilder body = new StringBuilder("{\"records\":[");
      for (int i = 0; i < 10; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"value\":\"")
            .append("v".repeat(100))
            .append("\"}");
      }
      ok(server.post("/v1/topics/t/records", body.append("]}").toString()));
    }
    JsonNode three = ok(server.get("/v1/topics/t/partitions/0/records?offset=7&max_records=3"));
    assertThat(three.get("records")).hasSize(3);
    assertThat(three.at("/records/0/offset").asLong()).isEqualTo(7);
    assertThat(three.get("next_offset").asLong()).isEqualTo(10);
    assertThat(three.get("high_watermark").asLong()).isEqualTo(50);

    JsonNode tiny = ok(server.get("/v1/topics/t/partitions/0/records?offset=12&max_bytes=1"));
    assertThat(tiny.get("records")).as("one batch even when over max_bytes").isNotEmpty();
    assertThat(tiny.at("/records/0/offset").asLong()).isEqualTo(12);
    assertThat(tiny.get("next_offset").asLong()).isEqualTo(20);

    JsonNode all = ok(server.get("/v1/topics/t/partitions/0/records?offset=0&max_records=10000"));
    assertThat(all.get("records")).hasSize(50);
    assertThat(all.get("next_offset").asLong()).isEqualTo(50);

    JsonNode two = ok(server.get("/v1/topics/t/partitions/0/records?offset=0&max_bytes=2500"));
    assertThat(two.get("records").size()).as("about two batches of ~1.2 KB").isEqualTo(20);
  }

  @Test
  void readsAcrossSegmentsWithinOneFetch() throws Exception {
    ok(server.post("/v1/topics", "{\"name\":\"s\",\"configs\":{\"segment.bytes\":1024}}"));
    for (int i = 0; i < 20; i++) {
      ok(
          server.post(
              "/v1/topics/s/records",
              "{\"records\":[{\"value\":\"" + "x".repeat(200) + i + "\"}]}"));
    }
    assertThat(ok(server.get("/v1/topics/s")).at("/partitions/0/segments").asInt())
        .isGreaterThan(3);
    JsonNode all = ok(server.get("/v1/topics/s/partitions/0/records?offset=0"));
    assertThat(all.get("records")).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(all.at("/records/" + i + "/value").asText()).endsWith("x" + i);
    }
  }

  static Stream<Arguments> badReads() {
    return Stream.of(
        Arguments.of("/v1/topics/nope/partitions/0/records?offset=0", 404, 3, "nope"),
        Arguments.of("/v1/topics/t/partitions/2/records?offset=0", 404, 3, "0 to 1"),
        Arguments.of("/v1/topics/t/partitions/-1/records?offset=0", 404, 3, "0 to 1"),
        Arguments.of("/v1/topics/t/partitions/x/records?offset=0", 400, 42, "partition"),
        Arguments.of("/v1/topics/t/partitions/0/records", 400, 42, "offset"),
        Arguments.of("/v1/topics/t/partitions/0/records?offset=abc", 400, 42, "offset"),
        Arguments.of("/v1/topics/t/partitions/0/records?offset=4", 416, 1, "0 to 3"),
        Arguments.of("/v1/topics/t/partitions/0/records?offset=-1", 416, 1, "0 to 3"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&max_records=0", 400, 42, "max_records"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&max_records=1000000000",
            400,
            42,
            "max_records"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&max_records=10001", 400, 42, "10000"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&max_bytes=0", 400, 42, "max_bytes"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&max_bytes=67108865", 400, 42, "max_bytes"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&timeout_ms=-1", 400, 42, "timeout_ms"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&timeout_ms=300001", 400, 42, "timeout_ms"),
        Arguments.of(
            "/v1/topics/t/partitions/0/records?offset=0&timeout_ms=99999999999999999999",
            400,
            42,
            "timeout_ms"),
        Arguments.of("/v1/topics/t/partitions/0/records?offset=0&format=hex", 400, 42, "format"),
        Arguments.of(
            "/v1/topics/__consumer_offsets/partitions/0/records?offset=0", 400, 42, "internal"),
        Arguments.of("/v1/topics/t/partitions/0/offsets?at=yesterday", 400, 42, "at"),
        Arguments.of("/v1/topics/t/partitions/0/offsets?at=-5", 400, 42, "negative"),
        Arguments.of("/v1/topics/t/partitions/9/offsets?at=earliest", 404, 3, "0 to 1"),
        Arguments.of("/v1/topics/nope/partitions/0/offsets?at=earliest", 404, 3, "nope"));
  }

  @ParameterizedTest
  @MethodSource("badReads")
  void badReadsGetAClearError(String path, int status, int code, String word) throws Exception {
    create("t", 2);
    ok(
        server.post(
            "/v1/topics/t/records",
            "{\"records\":[{\"partition\":0,\"value\":\"a\"},"
                + "{\"partition\":0,\"value\":\"b\"},{\"partition\":0,\"value\":\"c\"}]}"));
    assertError(server.get(path), status, code, word);
  }

  @Test
  void aReadAtTheHighWatermarkWaitsAndAnswersAsSoonAsARecordArrives() throws Exception {
    create("t", 2);
    JsonNode empty = ok(server.get("/v1/topics/t/partitions/1/records?offset=0&timeout_ms=0"));
    assertThat(empty.get("records")).isEmpty();
    assertThat(empty.get("next_offset").asLong()).isZero();
    JsonNode timedOut = ok(server.get("/v1/topics/t/partitions/1/records?offset=0&timeout_ms=200"));
    assertThat(timedOut.get("records")).isEmpty();

    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.get("/v1/topics/t/partitions/1/records?offset=0&timeout_ms=300000");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300); // let the read park; if it has not yet, it finds the record at once
    assertThat(poll).isNotDone();
    // A record on another partition wakes the reader, which looks and goes on waiting.
    ok(
        server.post(
            "/v1/topics/t/records", "{\"records\":[{\"partition\":0,\"value\":\"elsewhere\"}]}"));
    ok(server.post("/v1/topics/t/records", "{\"records\":[{\"partition\":1,\"value\":\"wake\"}]}"));
    JsonNode r = ok(poll.get(20, TimeUnit.SECONDS));
    assertThat(r.get("records")).hasSize(1);
    assertThat(r.at("/records/0/value").asText()).isEqualTo("wake");
    assertThat(r.get("next_offset").asLong()).isEqualTo(1);
  }

  @Test
  void aReadWaitingOnADeletedTopicEndsWith404() throws Exception {
    create("t", 1);
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.get("/v1/topics/t/partitions/0/records?offset=0&timeout_ms=300000");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(server.send("DELETE", "/v1/topics/t", null).statusCode()).isEqualTo(204);
    assertError(poll.get(20, TimeUnit.SECONDS), 404, 3, "'t'");
  }

  @Test
  void offsetsAreFoundByPositionAndByTimestamp() throws Exception {
    create("t", 1);
    JsonNode empty = ok(server.get("/v1/topics/t/partitions/0/offsets?at=earliest"));
    assertThat(empty.get("offset").asLong()).isZero();
    assertThat(empty.get("timestamp").isNull()).isTrue();
    ok(
        server.post(
            "/v1/topics/t/records",
            "{\"records\":[{\"value\":\"a\",\"timestamp\":1000},{\"value\":\"b\",\"timestamp\":2000},"
                + "{\"value\":\"c\",\"timestamp\":3000}]}"));
    JsonNode earliest = ok(server.get("/v1/topics/t/partitions/0/offsets?at=earliest"));
    assertThat(earliest.get("offset").asLong()).isZero();
    assertThat(earliest.get("timestamp").asLong()).isEqualTo(1000);
    JsonNode latest = ok(server.get("/v1/topics/t/partitions/0/offsets?at=latest"));
    assertThat(latest.get("offset").asLong()).isEqualTo(3);
    assertThat(latest.get("timestamp").isNull()).isTrue();
    JsonNode between = ok(server.get("/v1/topics/t/partitions/0/offsets?at=1500"));
    assertThat(between.get("offset").asLong()).isEqualTo(1);
    assertThat(between.get("timestamp").asLong()).isEqualTo(2000);
    JsonNode exact = ok(server.get("/v1/topics/t/partitions/0/offsets?at=3000"));
    assertThat(exact.get("offset").asLong()).isEqualTo(2);
    JsonNode after = ok(server.get("/v1/topics/t/partitions/0/offsets?at=3001"));
    assertThat(after.get("offset").asLong()).isEqualTo(3);
    assertThat(after.get("timestamp").isNull()).isTrue();
  }

  @Test
  void theClassroomProduceUsesTheSamePartitioner() throws Exception {
    create("shared", 5);
    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      JsonNode r =
          ok(
              server.post(
                  "/produce", "{\"topic\":\"shared\",\"key\":\"" + key + "\",\"value\":\"v\"}"));
      assertThat(r.get("partition").asInt())
          .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 5));
    }
  }

  @Test
  void theSpecDescribesEveryV1TopicRoute() throws Exception {
    JsonNode paths = ok(server.get("/openapi.json")).get("paths");
    Map<String, List<String>> routes =
        Map.of(
            "/v1/topics", List.of("get", "post"),
            "/v1/topics/{topic}", List.of("get", "delete"),
            "/v1/topics/{topic}/configs", List.of("patch"),
            "/v1/topics/{topic}/partitions", List.of("post"),
            "/v1/topics/{topic}/records", List.of("post"),
            "/v1/topics/{topic}/partitions/{partition}/records", List.of("get"),
            "/v1/topics/{topic}/partitions/{partition}/offsets", List.of("get"),
            "/v1/producers", List.of("post"));
    routes.forEach(
        (path, methods) -> {
          for (String m : methods) {
            JsonNode op = paths.path(path).path(m);
            assertThat(op.isObject()).as("%s %s", m, path).isTrue();
            assertThat(op.path("responses").size()).as("%s %s responses", m, path).isPositive();
          }
        });
  }
}
