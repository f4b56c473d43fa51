package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classroom guide, step by step, with the real launchers: {@code bin/broker} on a free port and
 * a temporary data directory, then {@code bin/producer}, {@code bin/consumer}, the offsets
 * walkthrough, {@code /stats}, Swagger UI and the OpenAPI spec.
 */
@Timeout(120)
class ClassroomGuideIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static final Launchers BROKERS = new Launchers();
  private static BrokerProcess broker;

  @RegisterExtension final Launchers launchers = new Launchers();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start(BROKERS, dataDir);
  }

  @AfterAll
  static void stopBroker() {
    BROKERS.close();
  }

  @Test
  void quickstartProducerThenConsumer() throws Exception {
    Launchers.Result producer =
        launchers.run("producer", "--topic", "demo", "--count", "5", "--broker", broker.url());

    assertThat(producer.exitCode()).as("%s", producer).isZero();
    assertThat(producer.out())
        .as("%s", producer)
        .containsSubsequence(
            IntStream.range(0, 5).mapToObj(i -> "sent message-" + i + " -> offset " + i).toList());
    assertThat(producer.stderr()).isEmpty();

    Launched consumer =
        launchers.start(
            "consumer",
            List.of("--topic", "demo", "--consumer-id", "abinash", "--broker", broker.url()));
    List<String> messages =
        consumer.awaitOut(line -> line.startsWith("[demo@"), 5, Duration.ofSeconds(30));
    assertThat(messages)
        .containsExactly(
            "[demo@0] message-0",
            "[demo@1] message-1",
            "[demo@2] message-2",
            "[demo@3] message-3",
            "[demo@4] message-4");

    // Ctrl-C. (Where this JVM was started with SIGINT ignored, its children ignore it too.)
    boolean sigint = !Launchers.sigintIgnored();
    consumer.signal(sigint ? "INT" : "TERM");
    int code = consumer.awaitExit(Duration.ofSeconds(15));
    assertThat(code).as("%s", consumer).isIn(0, sigint ? 130 : 143);
    assertNoStackTrace(consumer.err());
    assertThat(consumer.err()).contains("consumer abinash stopped after 5 messages");

    JsonNode stats = json(broker.get("/stats"));
    assertThat(stats.at("/topics/demo/messages").asLong()).isEqualTo(5);
    assertThat(stats.at("/consumers/abinash/topic").asText()).isEqualTo("demo");
    assertThat(stats.at("/consumers/abinash/offset").asLong()).isEqualTo(5);
  }

  @Test
  void consumerPrintsMessagesProducedWhileItPolls() throws Exception {
    Launched consumer =
        launchers.start(
            "consumer",
            List.of(
                "--topic",
                "live",
                "--consumer-id",
                "late",
                "--broker",
                broker.url(),
                "--poll-interval",
                "0.1"));
    consumer.awaitOut(
        line -> line.startsWith("consumer late reading topic live from offset 0"),
        1,
        Duration.ofSeconds(30));

    assertThat(
            post("/produce", "{\"topic\":\"live\",\"value\":\"hello\",\"key\":\"k1\"}")
                .statusCode())
        .isEqualTo(200);

    assertThat(consumer.awaitOut(line -> line.startsWith("[live@"), 1, Duration.ofSeconds(30)))
        .containsExactly("[live@0 key=k1] hello");
  }

  @Test
  void offsetsWalkthroughTwoIndependentConsumers() throws Exception {
    assertThat(post("/topics/register", "{\"topic\":\"lesson\"}").statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      JsonNode ack = json(post("/produce", "{\"topic\":\"lesson\",\"value\":\"m" + i + "\"}"));
      assertThat(ack.get("offset").asLong()).isEqualTo(i);
    }
    for (String id : List.of("abinash", "rahul")) {
      JsonNode reg =
          json(
              post("/consumers/register", "{\"topic\":\"lesson\",\"consumer_id\":\"" + id + "\"}"));
      assertThat(reg.get("consumer_id").asText()).isEqualTo(id);
      assertThat(reg.get("offset").asLong()).isZero();
    }

    for (int i = 0; i < 3; i++) {
      JsonNode m = json(post("/consume", "{\"consumer_id\":\"abinash\"}"));
      assertThat(m.get("offset").asLong()).isEqualTo(i);
      assertThat(m.get("value").asText()).isEqualTo("m" + i);
    }
    HttpResponse<String> caughtUp = post("/consume", "{\"consumer_id\":\"abinash\"}");
    assertThat(caughtUp.statusCode()).isEqualTo(204);
    assertThat(caughtUp.body()).isEmpty();

    // rahul is independent: he still starts at the beginning.
    JsonNode first = json(post("/consume", "{\"consumer_id\":\"rahul\"}"));
    assertThat(first.get("offset").asLong()).isZero();
    assertThat(first.get("value").asText()).isEqualTo("m0");

    JsonNode stats = json(broker.get("/stats"));
    assertThat(stats.at("/topics/lesson/messages").asLong()).isEqualTo(3);
    assertThat(stats.at("/consumers/abinash/offset").asLong()).isEqualTo(3);
    assertThat(stats.at("/consumers/rahul/offset").asLong()).isEqualTo(1);
  }

  @Test
  void statsSwaggerUiAndOpenApiSpec() throws Exception {
    HttpResponse<String> stats = broker.get("/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(json(stats).has("topics")).isTrue();
    assertThat(json(stats).has("consumers")).isTrue();

    HttpResponse<String> docs = broker.get("/docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(docs.body()).containsIgnoringCase("swagger");

    HttpResponse<String> spec = broker.get("/openapi.json");
    assertThat(spec.statusCode()).isEqualTo(200);
    JsonNode openapi = json(spec);
    assertThat(openapi.path("openapi").asText()).startsWith("3.");
    assertThat(openapi.path("paths").has("/produce")).isTrue();
    assertThat(openapi.path("paths").has("/consume")).isTrue();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return broker.post(path, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static void assertNoStackTrace(List<String> stderr) {
    assertThat(stderr)
        .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"))
        .noneMatch(line -> line.matches("^[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error)\\b.*"));
  }
}
