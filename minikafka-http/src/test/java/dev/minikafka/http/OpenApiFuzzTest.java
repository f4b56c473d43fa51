package dev.minikafka.http;

import static dev.minikafka.http.HostileClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.broker.Broker;
import dev.minikafka.http.HostileClient.Reply;
import dev.minikafka.http.OpenApiContract.Request;
import dev.minikafka.storage.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * The HTTP API fuzzed from its own OpenAPI document, as the server serves it, against a real server
 * in this JVM: requests generated from every operation's parameter and body schemas (mostly valid,
 * some wrong-typed, out of range or hostile) get a status the operation lists and a body that
 * matches that status's schema, never a 5xx; and chained calls (create a topic, produce to it,
 * fetch each offset the produce answered) give back what was sent.
 */
class OpenApiFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static Path dataDir;
  private static Broker broker;
  private static HttpServer server;
  private static HostileClient client;
  private static OpenApiContract contract;

  @BeforeContainer
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("minikafka-openapi-fuzz");
    broker = Broker.open(StorageConfig.of(dataDir));
    server = HttpServer.start(broker, HttpServerConfig.defaults().withAddress("127.0.0.1", 0));
    client = new HostileClient(server.port(), dataDir);
    client.setUp();
    contract = OpenApiContract.parse(ok(client.send("GET", "/openapi.json", null), 200).toString());
  }

  @AfterContainer
  static void stop() {
    server.close();
    broker.close();
  }

  /** Generated requests may delete the fixture's topic or group: each try starts with them. */
  @BeforeTry
  void fixture() throws Exception {
    try {
      client.ensureFixture();
    } catch (java.io.IOException e) {
      throw new AssertionError("after " + previous + ": " + e, e);
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    return contract.requests(pathValues(client));
  }

  /** Path parameters: mostly names the fixture made, some unknown, some hostile. */
  static Map<String, Arbitrary<String>> pathValues(HostileClient client) {
    Arbitrary<String> hostile = Arbitraries.of(HostileInput.names()).map(HostileInput.Name::raw);
    return Map.of(
        "topic",
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just("demo")),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("nope")),
            net.jqwik.api.Tuple.of(1, hostile)),
        "partition",
        Arbitraries.of("0", "1", "2", "-1", "x"),
        "group",
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just("g")),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("g2")),
            net.jqwik.api.Tuple.of(1, hostile)),
        "member",
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.create(client::member)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("nope")),
            net.jqwik.api.Tuple.of(1, hostile)));
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void everyAnswerIsOneTheSpecListsAndMatchesItsSchema(@ForAll("requests") Request r)
      throws Exception {
    Request before = previous;
    previous = r;
    Reply reply;
    try {
      reply = send(r);
    } catch (java.io.IOException e) {
      // A connection closed under the client: the request before this one on it is the suspect.
      throw new AssertionError("after " + before + ": " + e, e);
    }
    Statistics.collect(r.op().toString(), reply.status());
    contract.check(r.op(), reply.status(), reply.body());
  }

  private static Request previous;

  private static Reply send(Request r) throws Exception {
    boolean json = r.bodyType() == null || r.bodyType().contains("json");
    return client.send(
        r.method(),
        r.path(),
        r.bodyType() == null ? "application/json" : r.bodyType(),
        r.body() == null
            ? null
            : r.body().getBytes(json ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
  }

  @Provide
  Arbitrary<List<String>> values() {
    return Arbitraries.strings().ofMaxLength(40).list().ofMinSize(1).ofMaxSize(20);
  }

  @Property(tries = 30)
  void whatIsProducedIsFetchedAtTheOffsetsTheProduceAnswered(
      @ForAll("values") List<String> values, @ForAll boolean base64) throws Exception {
    String topic = "chain-" + TOPICS.incrementAndGet();
    ok(client.send("POST", "/v1/topics", "{\"name\":\"" + topic + "\",\"partitions\":3}"), 201);
    ObjectNode body = JSON.createObjectNode();
    body.put("format", base64 ? "base64" : "string");
    ArrayNode records = body.putArray("records");
    for (int i = 0; i < values.size(); i++) {
      byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
      records
          .addObject()
          .put(
              "key",
              base64
                  ? java.util.Base64.getEncoder()
                      .encodeToString(("k" + i).getBytes(StandardCharsets.UTF_8))
                  : "k" + i)
          .put(
              "value",
              base64 ? java.util.Base64.getEncoder().encodeToString(bytes) : values.get(i));
    }
    JsonNode results =
        ok(client.send("POST", "/v1/topics/" + topic + "/records", body.toString()), 200)
            .get("results");
    assertThat(results).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      JsonNode at = results.get(i);
      JsonNode fetched =
          ok(
              client.send(
                  "GET",
                  "/v1/topics/"
                      + topic
                      + "/partitions/"
                      + at.get("partition").asInt()
                      + "/records?max_records=1&offset="
                      + at.get("offset").asLong(),
                  null),
              200);
      JsonNode record = fetched.at("/records/0");
      assertThat(record.get("offset").asLong()).isEqualTo(at.get("offset").asLong());
      // Read back as text: what was sent in base64 was the UTF-8 of the same strings.
      assertThat(record.get("key").asText()).isEqualTo("k" + i);
      assertThat(record.get("value").asText()).isEqualTo(values.get(i));
    }
  }
}
