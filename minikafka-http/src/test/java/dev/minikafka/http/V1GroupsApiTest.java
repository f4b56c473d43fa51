package dev.minikafka.http;

import static dev.minikafka.http.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code /v1/groups} routes against a real server on a free port, in this JVM. */
class V1GroupsApiTest {
  @RegisterExtension final TestServer server = TestServer.create();

  @BeforeEach
  void createTopic() {
    server.broker().logs().createTopic("orders", 2, Map.of());
  }

  // --- plumbing -------------------------------------------------------------------------------

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body());
  }

  private JsonNode join(String group, String body) throws Exception {
    return ok(server.post("/v1/groups/" + group + "/members", body));
  }

  /** Asserts that joining group {@code g} with {@code body} is refused with the given error. */
  private void assertJoinRefused(String body, int status, int errorCode, String messagePart)
      throws Exception {
    assertError(server.post("/v1/groups/g/members", body), status, errorCode, messagePart);
  }

  private String joinOrders(String group) throws Exception {
    return join(group, "{\"topics\":[\"orders\"],\"auto_offset_reset\":\"earliest\"}")
        .get("member_id")
        .asText();
  }

  private void append(int partition, RecordData... records) {
    server
        .broker()
        .logs()
        .log(new TopicPartition("orders", partition))
        .append(List.of(records), Compression.NONE);
  }

  private static RecordData text(String key, String value) {
    return RecordData.of(
        1_764_000_000_000L,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(JsonNode poll) {
    List<String> out = new ArrayList<>();
    poll.get("records").forEach(r -> out.add(r.get("value").asText()));
    return out;
  }

  // --- members --------------------------------------------------------------------------------

  @Test
  void joinPollCommitLeaveAsDocumented() throws Exception {
    append(0, text("k", "v0"));
    append(1, text(null, "v1"));
    JsonNode joined =
        join(
            "billing",
            "{\"topics\":[\"orders\"],\"assignor\":\"cooperative-sticky\","
                + "\"session_timeout_ms\":30000,\"auto_offset_reset\":\"earliest\","
                + "\"auto_commit\":false,\"client_id\":\"billing-1\"}");
    String member = joined.get("member_id").asText();
    assertThat(member).startsWith("billing-1-");
    assertThat(joined.get("generation").asInt()).isEqualTo(1);
    assertThat(joined.get("assignor").asText()).isEqualTo("cooperative-sticky");
    assertThat(joined.get("session_timeout_ms").asLong()).isEqualTo(30000);
    assertThat(joined.get("assignment").toString())
        .isEqualTo(
            "[{\"topic\":\"orders\",\"partition\":0},{\"topic\":\"orders\",\"partition\":1}]");

    JsonNode polled = ok(server.post("/v1/groups/billing/members/" + member + "/poll", "{}"));
    assertThat(polled.get("generation").asInt()).isEqualTo(1);
    assertThat(polled.get("added")).isEmpty();
    assertThat(polled.get("revoked")).isEmpty();
    assertThat(polled.get("assignment")).hasSize(2);
    JsonNode first = polled.get("records").get(0);
    assertThat(first.get("topic").asText()).isEqualTo("orders");
    assertThat(first.get("partition").asInt()).isIn(0, 1);
    assertThat(first.get("offset").asLong()).isZero();
    assertThat(first.get("timestamp").asLong()).isEqualTo(1_764_000_000_000L);
    assertThat(first.has("headers")).isTrue();
    assertThat(values(polled)).containsExactlyInAnyOrder("v0", "v1");

    JsonNode committed =
        ok(
            server.post(
                "/v1/groups/billing/members/" + member + "/commit",
                "{\"generation\":1,\"offsets\":[{\"topic\":\"orders\",\"partition\":0,"
                    + "\"offset\":1,\"metadata\":\"done\"}]}"));
    assertThat(committed.get("offsets").get(0).get("metadata").asText()).isEqualTo("done");
    // Without offsets: the current positions.
    assertThat(
            ok(server.post("/v1/groups/billing/members/" + member + "/commit", "")).get("offsets"))
        .hasSize(2);

    JsonNode described = ok(server.get("/v1/groups/billing"));
    assertThat(described.get("state").asText()).isEqualTo("Stable");
    assertThat(described.get("assignor").asText()).isEqualTo("cooperative-sticky");
    JsonNode m = described.get("members").get(0);
    assertThat(m.get("member_id").asText()).isEqualTo(member);
    assertThat(m.get("client_id").asText()).isEqualTo("billing-1");
    assertThat(m.get("topics").toString()).isEqualTo("[\"orders\"]");
    assertThat(m.get("last_poll_ms_ago").asLong()).isGreaterThanOrEqualTo(0);
    JsonNode o = described.get("offsets").get(0);
    assertThat(o.get("committed").asLong()).isEqualTo(1);
    assertThat(o.get("high_watermark").asLong()).isEqualTo(1);
    assertThat(o.get("lag").asLong()).isZero();

    assertThat(server.delete("/v1/groups/billing/members/" + member).statusCode()).isEqualTo(204);
    assertError(
        server.delete("/v1/groups/billing/members/" + member), 404, 25, "not a live member");
    assertThat(ok(server.get("/v1/groups/billing")).get("state").asText()).isEqualTo("Empty");
  }

  @Test
  void aLeaveAfterALostPollAnswerCommitsOnlyWhatTheMemberReceived() throws Exception {
    append(0, text(null, "v0"), text(null, "v1"));
    String member =
        join(
                "late",
                "{\"topics\":[\"orders\"],\"auto_offset_reset\":\"earliest\","
                    + "\"auto_commit\":true}")
            .get("member_id")
            .asText();
    String poll = "/v1/groups/late/members/" + member + "/poll";
    JsonNode first = ok(server.post(poll, "{\"max_records\":1}"));
    assertThat(values(first)).containsExactly("v0");
    JsonNode lost = ok(server.post(poll, "{\"max_records\":1,\"last_poll_id\":1}"));
    assertThat(values(lost)).containsExactly("v1");
    String leave = "/v1/groups/late/members/" + member + "?last_poll_id=";
    assertError(server.delete(leave + "x"), 400, 42, "'last_poll_id' must be a whole number");
    assertError(server.delete(leave + "9"), 400, 42, "last_poll_id 9 names no answer");

    assertThat(server.delete(leave + "1").statusCode()).isEqualTo(204);
    long partitionZero = -1;
    for (JsonNode o : ok(server.get("/v1/groups/late")).get("offsets")) {
      if (o.get("partition").asInt() == 0) {
        partitionZero = o.get("committed").asLong();
      }
    }
    assertThat(partitionZero).isEqualTo(1); // v1 was never seen
  }

  @Test
  void recordsComeAsTextOrBase64AndInvalidUtf8IsNeverGarbled() throws Exception {
    byte[] binary = {(byte) 0xff, 0, (byte) 0xfe};
    append(
        0,
        new RecordData(
            1L,
            null,
            "hello".getBytes(StandardCharsets.UTF_8),
            List.of(new RecordHeader("h", binary))),
        new RecordData(2L, "k".getBytes(StandardCharsets.UTF_8), null, List.of()));
    String member = joinOrders("g");
    JsonNode records =
        ok(server.post("/v1/groups/g/members/" + member + "/poll", "{}")).get("records");
    JsonNode binaryHeader = records.get(0);
    assertThat(binaryHeader.get("encoding").asText()).isEqualTo("base64");
    assertThat(binaryHeader.get("value").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(binaryHeader.at("/headers/0/value").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(binary));
    assertThat(records.get(1).get("key").asText()).isEqualTo("k");
    assertThat(records.get(1).get("value").isNull()).isTrue();
    assertThat(records.get(1).has("encoding")).isFalse();
    // A poll and a partition read return the same record JSON, field for field and in order.
    String read = "/v1/topics/orders/partitions/0/records?offset=0";
    assertThat(records.toString()).isEqualTo(ok(server.get(read)).get("records").toString());

    ok(
        server.post(
            "/v1/groups/g/members/" + member + "/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"to\":\"beginning\"}]}"));
    JsonNode b64 = ok(server.post("/v1/groups/g/members/" + member + "/poll?format=base64", ""));
    assertThat(b64.at("/records/1/key").asText()).isEqualTo("aw==");
    assertThat(b64.at("/records/1").has("encoding")).isFalse();
    assertThat(b64.get("records").toString())
        .isEqualTo(ok(server.get(read + "&format=base64")).get("records").toString());
  }

  @Test
  void aPollWaitsForRecordsAndAnswersWhenOneArrives() throws Exception {
    server.broker().registerTopic("solo");
    String member = join("w", "{\"topics\":[\"solo\"]}").get("member_id").asText();
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.post(
                    "/v1/groups/w/members/" + member + "/poll", "{\"timeout_ms\":60000}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    assertThat(poll).isNotDone();
    server.broker().produce("solo", null, "wake");
    assertThat(values(ok(poll.get()))).containsExactly("wake");
    // timeout 0 answers at once, empty.
    assertThat(
            values(
                ok(server.post("/v1/groups/w/members/" + member + "/poll", "{\"timeout_ms\":0}"))))
        .isEmpty();
  }

  @Test
  void aSecondMemberGetsItsPartitionOnlyAfterTheOwnerPolledAgain() throws Exception {
    String a = joinOrders("g");
    JsonNode b = join("g", "{\"topics\":[\"orders\"]}");
    assertThat(b.get("assignment")).isEmpty();
    String bId = b.get("member_id").asText();
    JsonNode pa = ok(server.post("/v1/groups/g/members/" + a + "/poll", "{\"timeout_ms\":0}"));
    assertThat(pa.get("revoked")).hasSize(1);
    assertThat(pa.get("generation").asInt()).isEqualTo(2);
    assertThat(
            ok(server.post("/v1/groups/g/members/" + bId + "/poll", "{\"timeout_ms\":0}"))
                .get("added"))
        .isEmpty();
    assertThat(ok(server.get("/v1/groups/g")).get("state").asText()).isEqualTo("Rebalancing");
    ok(server.post("/v1/groups/g/members/" + a + "/poll", "{\"timeout_ms\":0}"));
    JsonNode pb = ok(server.post("/v1/groups/g/members/" + bId + "/poll", "{\"timeout_ms\":0}"));
    assertThat(pb.get("added")).isEqualTo(pa.get("revoked"));
    assertThat(ok(server.get("/v1/groups/g")).get("state").asText()).isEqualTo("Stable");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"max_records\":0}|max_records",
        "{\"max_records\":1e9}|max_records",
        "{\"max_records\":1000000000}|max_records",
        "{\"max_records\":10001}|max_records",
        "{\"max_bytes\":0}|max_bytes",
        "{\"max_bytes\":67108865}|max_bytes",
        "{\"timeout_ms\":-1}|timeout_ms",
        "{\"timeout_ms\":300001}|timeout_ms",
        "{\"timeout_ms\":9223372036854775807}|timeout_ms",
        "{\"format\":\"hex\"}|format",
        "{\"max_wait\":5}|unknown field 'max_wait'"
      })
  void pollLimitsAreRejectedByName(String body, String words) throws Exception {
    String member = joinOrders("g");
    assertError(server.post("/v1/groups/g/members/" + member + "/poll", body), 400, 42, words);
  }

  @Test
  void pollAndCommitTakeNoBodyHoweverItIsSent() throws Exception {
    String member = joinOrders("g");
    append(0, text(null, "a"));
    // No Content-Length and no bytes: a chunked body that ends at once, as a streaming client
    // sends one. The docs promise that the body is optional, not only "Content-Length: 0".
    HttpResponse<String> poll =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/v1/groups/g/members/" + member + "/poll"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[0]))));
    assertThat(values(ok(poll))).containsExactly("a");
    HttpResponse<String> commit =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/v1/groups/g/members/" + member + "/commit"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[0]))));
    assertThat(ok(commit).at("/offsets/0/offset").asLong()).isEqualTo(1);
  }

  @Test
  void wrongTypesAreInvalidRequestsLikeEveryV1Input() throws Exception {
    String member = joinOrders("g");
    assertError(
        server.post("/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":\"1s\"}"),
        400,
        42,
        "timeout_ms");
    assertJoinRefused("{\"topics\":\"orders\"}", 400, 42, "topics");
    assertJoinRefused("{}", 400, 42, "topics");
    assertJoinRefused("{\"topics\":[\"orders\"],\"auto_commit\":\"yes\"}", 400, 42, "auto_commit");
    assertJoinRefused("[1]", 400, 42, "object");
    assertJoinRefused("{nope", 400, 42, "JSON");
  }

  @Test
  void joinErrors() throws Exception {
    assertJoinRefused(
        "{\"topics\":[\"orders\"],\"assignor\":\"sticky\"}", 400, 42, "assignor 'sticky'");
    assertJoinRefused(
        "{\"topics\":[\"orders\"],\"session_timeout_ms\":999}", 400, 26, "session_timeout_ms");
    assertJoinRefused("{\"topics\":[\"orders\"],\"session_timeout_ms\":300001}", 400, 26, "300000");
    assertJoinRefused(
        "{\"topics\":[\"orders\"],\"auto_offset_reset\":\"none\"}", 400, 42, "auto_offset_reset");
    assertJoinRefused("{\"topics\":[]}", 400, 42, "at least one");
    assertJoinRefused("{\"topics\":[\"a/b\"]}", 400, 17, "illegal character");
    assertJoinRefused("{\"topics\":[\"__consumer_offsets\"]}", 400, 42, "internal");
    assertError(
        server.post("/v1/groups/b%21d/members", "{\"topics\":[\"orders\"]}"), 400, 24, "group id");
    join("g", "{\"topics\":[\"orders\"],\"assignor\":\"roundrobin\"}");
    assertJoinRefused("{\"topics\":[\"orders\"],\"assignor\":\"range\"}", 409, 23, "roundrobin");
  }

  @Test
  void memberErrors() throws Exception {
    String a = joinOrders("g");
    String other = joinOrders("h");
    assertError(server.post("/v1/groups/g/members/nobody/poll", ""), 404, 25, "nobody");
    assertError(server.post("/v1/groups/none/members/" + a + "/poll", ""), 404, 25, "join first");
    // A member of another group is not a member here.
    assertError(
        server.post("/v1/groups/g/members/" + other + "/poll", ""), 404, 25, "not a live member");
    assertError(
        server.post("/v1/groups/g/members/" + other + "/commit", ""), 404, 25, "not a live member");
    assertError(
        server.post(
            "/v1/groups/g/members/nobody/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":0}]}"),
        404,
        25,
        "nobody");

    // A second member moves the group to generation 2; a still knows 1.
    joinOrders("g");
    assertError(
        server.post("/v1/groups/g/members/" + a + "/commit", "{\"generation\":1}"),
        409,
        22,
        "generation 1");
    assertError(
        server.post("/v1/groups/g/members/" + a + "/commit", "{\"generation\":2}"),
        409,
        22,
        "has not polled");
    ok(server.post("/v1/groups/g/members/" + a + "/poll", "{\"timeout_ms\":0}"));
    ok(server.post("/v1/groups/g/members/" + a + "/commit", "{\"generation\":2}"));
    server.broker().logs().createTopic("elsewhere", 1, Map.of());
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/commit",
            "{\"offsets\":[{\"topic\":\"elsewhere\",\"partition\":0,\"offset\":0}]}"),
        409,
        22,
        "does not own");
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/commit",
            "{\"offsets\":[{\"topic\":\"orders\",\"partition\":-1,\"offset\":0}]}"),
        400,
        42,
        "partition");
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/commit",
            "{\"offsets\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":5}]}"),
        416,
        1,
        "high watermark");
    assertError(
        server.post("/v1/groups/g/members/" + a + "/commit", "{\"offsets\":[]}"),
        400,
        42,
        "offsets is empty");
    assertError(
        server.post("/v1/groups/g/members/" + a + "/commit", "{\"generation\":-1}"),
        400,
        42,
        "generation");
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/commit",
            "{\"offsets\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":0,\"metadata\":\""
                + "x".repeat(4097)
                + "\"}]}"),
        400,
        42,
        "metadata");

    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/seek",
            "{\"partitions\":[{\"topic\":\"elsewhere\",\"partition\":0,\"offset\":0}]}"),
        409,
        22,
        "does not own");
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"to\":\"middle\"}]}"),
        400,
        42,
        "beginning or end");
    assertError(
        server.post(
            "/v1/groups/g/members/" + a + "/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":1,\"to\":\"end\"}]}"),
        400,
        42,
        "exactly one");
    assertError(
        server.post("/v1/groups/g/members/" + a + "/seek", "{\"partitions\":[]}"),
        400,
        42,
        "at least one");
    JsonNode owned = ok(server.get("/v1/groups/g")).get("members");
    assertThat(owned).hasSize(2);
  }

  @Test
  void seekMovesPositionsNotCommittedOffsets() throws Exception {
    append(0, text(null, "a"), text(null, "b"));
    String member = join("g", "{\"topics\":[\"orders\"]}").get("member_id").asText(); // latest
    assertThat(
            values(
                ok(server.post("/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":0}"))))
        .isEmpty();
    JsonNode moved =
        ok(
            server.post(
                "/v1/groups/g/members/" + member + "/seek",
                "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":1}]}"));
    assertThat(moved.toString())
        .isEqualTo("{\"positions\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":1}]}");
    assertThat(
            values(
                ok(server.post("/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":0}"))))
        .containsExactly("b");
    ok(
        server.post(
            "/v1/groups/g/members/" + member + "/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"timestamp\":0}]}"));
    assertThat(
            values(
                ok(server.post("/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":0}"))))
        .containsExactly("a", "b");
    assertError(
        server.post(
            "/v1/groups/g/members/" + member + "/seek",
            "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":3}]}"),
        416,
        1,
        "range [0, 2]");
    assertThat(ok(server.get("/v1/groups/g")).get("offsets").get(0).get("committed").isNull())
        .isTrue();
  }

  // --- admin ----------------------------------------------------------------------------------

  @Test
  void classroomConsumersAreListedAndDescribedAsGroups() throws Exception {
    ok(server.post("/topics/register", "{\"topic\":\"demo\"}"));
    ok(server.post("/produce", "{\"topic\":\"demo\",\"value\":\"m\"}"));
    ok(server.post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"abinash\"}"));
    ok(server.post("/consume", "{\"consumer_id\":\"abinash\"}"));
    joinOrders("billing");
    JsonNode groups = ok(server.get("/v1/groups")).get("groups");
    assertThat(groups.toString())
        .contains(
            "{\"group\":\"abinash\",\"state\":\"Empty\",\"member_count\":0,\"assignor\":null,"
                + "\"classroom\":true}")
        .contains(
            "{\"group\":\"billing\",\"state\":\"Stable\",\"member_count\":1,\"assignor\":\"range\","
                + "\"classroom\":false}");
    JsonNode d = ok(server.get("/v1/groups/abinash"));
    assertThat(d.get("offsets").toString())
        .isEqualTo(
            "[{\"topic\":\"demo\",\"partition\":0,\"committed\":1,\"metadata\":\"\","
                + "\"high_watermark\":1,\"lag\":0}]");
  }

  @Test
  void describeAndDeleteOfAnUnknownGroupAre404() throws Exception {
    assertError(server.get("/v1/groups/ghost"), 404, 69, "ghost");
    assertError(server.delete("/v1/groups/ghost"), 404, 69, "ghost");
    assertError(server.get("/v1/groups/b%21d"), 400, 24, "group id");
  }

  @Test
  void resetAndDeleteWorkOnEmptyGroupsOnly() throws Exception {
    append(0, text(null, "a"), text(null, "b"), text(null, "c"));
    String member = joinOrders("g");
    String reset = "{\"topic\":\"orders\",\"to\":\"latest\"}";
    assertError(server.post("/v1/groups/g/offsets/reset", reset), 409, 68, "live member");
    assertError(server.delete("/v1/groups/g"), 409, 68, "live member");
    assertThat(server.delete("/v1/groups/g/members/" + member).statusCode()).isEqualTo(204);

    JsonNode r = ok(server.post("/v1/groups/g/offsets/reset", reset));
    assertThat(r.toString())
        .isEqualTo(
            "{\"group\":\"g\",\"offsets\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":3},"
                + "{\"topic\":\"orders\",\"partition\":1,\"offset\":0}]}");
    ok(
        server.post(
            "/v1/groups/g/offsets/reset",
            "{\"topic\":\"orders\",\"to\":{\"offset\":1},\"partitions\":[0]}"));
    assertThat(ok(server.get("/v1/groups/g")).at("/offsets/0/committed").asLong()).isEqualTo(1);
    assertThat(ok(server.get("/v1/groups/g")).at("/offsets/0/lag").asLong()).isEqualTo(2);
    ok(
        server.post(
            "/v1/groups/g/offsets/reset",
            "{\"topic\":\"orders\",\"to\":{\"timestamp\":0},\"partitions\":[0]}"));
    assertThat(ok(server.get("/v1/groups/g")).at("/offsets/0/committed").asLong()).isZero();
    ok(server.post("/v1/groups/g/offsets/reset", "{\"topic\":\"orders\",\"to\":\"earliest\"}"));

    assertError(
        server.post("/v1/groups/g/offsets/reset", "{\"topic\":\"orders\",\"to\":\"middle\"}"),
        400,
        42,
        "earliest");
    assertError(
        server.post("/v1/groups/g/offsets/reset", "{\"topic\":\"orders\",\"to\":{\"offset\":9}}"),
        416,
        1,
        "range");
    assertError(
        server.post(
            "/v1/groups/g/offsets/reset",
            "{\"topic\":\"orders\",\"to\":\"latest\",\"partitions\":[7]}"),
        404,
        3,
        "no partition 7");
    assertError(
        server.post("/v1/groups/g/offsets/reset", "{\"topic\":\"nope\",\"to\":\"latest\"}"),
        404,
        3,
        "nope");
    assertError(server.post("/v1/groups/g/offsets/reset", "{\"topic\":\"orders\"}"), 400, 42, "to");
    // Nothing above changed the offsets.
    assertThat(ok(server.get("/v1/groups/g")).at("/offsets/0/committed").asLong()).isZero();

    assertThat(server.delete("/v1/groups/g").statusCode()).isEqualTo(204);
    assertError(server.get("/v1/groups/g"), 404, 69, "does not exist");
    // A new member of the same id starts over (latest: nothing committed any more).
    String again = join("g", "{\"topics\":[\"orders\"]}").get("member_id").asText();
    assertThat(
            values(
                ok(server.post("/v1/groups/g/members/" + again + "/poll", "{\"timeout_ms\":0}"))))
        .isEmpty();
  }

  @Test
  void theOpenApiDocumentDescribesEveryGroupRoute() throws Exception {
    JsonNode paths = ok(server.get("/openapi.json")).get("paths");
    assertThat(paths.get("/v1/groups").has("get")).isTrue();
    assertThat(paths.get("/v1/groups/{group}").has("get")).isTrue();
    assertThat(paths.get("/v1/groups/{group}").has("delete")).isTrue();
    assertThat(paths.get("/v1/groups/{group}/offsets/reset").has("post")).isTrue();
    assertThat(paths.get("/v1/groups/{group}/members").has("post")).isTrue();
    assertThat(paths.get("/v1/groups/{group}/members/{member}").has("delete")).isTrue();
    for (String op : List.of("poll", "commit", "seek")) {
      assertThat(paths.get("/v1/groups/{group}/members/{member}/" + op).has("post"))
          .as(op)
          .isTrue();
    }
  }
}
