package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.broker.Broker;
import dev.minikafka.storage.StorageConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classroom routes against a real server on a free port, in this JVM. */
class ClassroomApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;
  private Broker broker;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() {
    broker = Broker.open(StorageConfig.of(dataDir));
    server = HttpServer.start(broker, HttpServerConfig.defaults().withAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
    broker.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(ofString(body)));
  }

  private static HttpRequest.BodyPublisher ofString(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(
        request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void theGuidesFlowWorksAsWritten() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(json(get("/health")).get("status").asText()).isEqualTo("ok");
    assertThat(post("/topics/register", "{\"topic\":\"demo\"}").statusCode()).isEqualTo(200);
    assertThat(
            json(post("/producers/register", "{\"topic\":\"demo\"}")).get("producer_id").asText())
        .startsWith("producer-");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r =
          post("/produce", "{\"topic\":\"demo\",\"value\":\"message-" + i + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("offset").asLong()).isEqualTo(i);
    }
    JsonNode reg =
        json(post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"abinash\"}"));
    assertThat(reg.get("consumer_id").asText()).isEqualTo("abinash");
    assertThat(reg.get("offset").asLong()).isZero();
    post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"rahul\"}");
    for (int i = 0; i < 5; i++) {
      JsonNode m = json(post("/consume", "{\"consumer_id\":\"abinash\"}"));
      assertThat(m.get("offset").asLong()).isEqualTo(i);
      assertThat(m.get("value").asText()).isEqualTo("message-" + i);
      assertThat(m.get("topic").asText()).isEqualTo("demo");
    }
    HttpResponse<String> caughtUp = post("/consume", "{\"consumer_id\":\"abinash\"}");
    assertThat(caughtUp.statusCode()).isEqualTo(204);
    assertThat(caughtUp.body()).isEmpty();
    assertThat(json(post("/consume", "{\"consumer_id\":\"rahul\"}")).get("offset").asLong())
        .isZero();
    JsonNode stats = json(get("/stats"));
    assertThat(stats.at("/topics/demo/messages").asLong()).isEqualTo(5);
    assertThat(stats.at("/consumers/abinash/offset").asLong()).isEqualTo(5);
    assertThat(stats.at("/consumers/rahul/offset").asLong()).isEqualTo(1);
  }

  @Test
  void keysComeBackAndAGeneratedConsumerIdWorks() throws Exception {
    String id = json(post("/consumers/register", "{\"topic\":\"t\"}")).get("consumer_id").asText();
    post("/produce", "{\"topic\":\"t\",\"value\":\"v\",\"key\":\"k\"}");
    JsonNode m = json(post("/consume", "{\"consumer_id\":\"" + id + "\"}"));
    assertThat(m.get("key").asText()).isEqualTo("k");
  }

  @Test
  void aLongPollAnswersWhenAMessageArrives() throws Exception {
    post("/consumers/register", "{\"topic\":\"t\",\"consumer_id\":\"c\"}");
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post("/consume?timeout_ms=20000", "{\"consumer_id\":\"c\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(poll).isNotDone();
    long start = System.nanoTime();
    post("/produce", "{\"topic\":\"t\",\"value\":\"wake\"}");
    HttpResponse<String> r = poll.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("value").asText()).isEqualTo("wake");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(post("/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":100}").statusCode())
        .isEqualTo(204);
  }

  static Stream<Arguments> badRequests() {
    String big = "x".repeat(HttpServerConfig.DEFAULT_MAX_BODY_BYTES);
    return Stream.of(
        Arguments.of("/produce", "{\"topic\":\"nope\",\"value\":\"x\"}", 404, 3),
        Arguments.of("/consume", "{\"consumer_id\":\"ghost\"}", 404, 69),
        Arguments.of("/topics/register", "{\"topic\":\"../etc\"}", 400, 17),
        Arguments.of(
            "/topics/register", "{\"topic\":\"a".repeat(1) + "b".repeat(249) + "\"}", 400, 17),
        Arguments.of("/topics/register", "{\"topic\":\"\"}", 400, 17),
        Arguments.of("/topics/register", "{\"topic\":\"__consumer_offsets\"}", 400, 42),
        Arguments.of("/topics/register", "not json", 400, 42),
        Arguments.of("/topics/register", "", 400, 42),
        Arguments.of("/topics/register", "{\"topic\":\"a\",\"topic\":\"b\"}", 400, 42),
        Arguments.of("/topics/register", "[".repeat(100_000) + "]".repeat(100_000), 400, 42),
        Arguments.of("/topics/register", "[\"demo\"]", 422, 42),
        Arguments.of("/topics/register", "{}", 422, 42),
        Arguments.of("/topics/register", "{\"topic\":5}", 422, 42),
        Arguments.of("/produce", "{\"topic\":\"demo\",\"value\":1e400}", 422, 42),
        Arguments.of("/produce", "{\"topic\":\"demo\"}", 422, 42),
        Arguments.of("/produce", "{\"topic\":\"demo\",\"value\":\"" + big + "\"}", 413, 10),
        Arguments.of("/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":-1}", 400, 42),
        Arguments.of("/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":1.5}", 422, 42),
        Arguments.of(
            "/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":99999999999999999999}", 422, 42),
        Arguments.of("/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":86400000}", 400, 42),
        Arguments.of(
            "/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"a b\"}", 400, 42));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badInputGetsAClearErrorAndChangesNothing(String path, String body, int status, int code)
      throws Exception {
    post("/topics/register", "{\"topic\":\"demo\"}");
    post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"c\"}");
    post("/produce", "{\"topic\":\"demo\",\"value\":\"kept\"}");
    Map<Path, byte[]> before = snapshot();
    HttpResponse<String> r = post(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = json(r);
    assertThat(error.get("error_code").asInt()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(snapshot())
        .as("data directory unchanged")
        .containsExactlyInAnyOrderEntriesOf(before);
    assertThat(json(get("/health")).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefused() throws Exception {
    byte[] huge = new byte[HttpServerConfig.DEFAULT_MAX_BODY_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) 'x');
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/produce"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void unknownRoutesAnswerJson404AndCorsIsOpen() throws Exception {
    HttpResponse<String> r = get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("not_found");
    HttpResponse<String> withOrigin =
        send(
            HttpRequest.newBuilder(URI.create(base + "/health"))
                .header("Origin", "http://example.test")
                .GET());
    assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
  }

  @Test
  void swaggerUiAndTheSpecDescribeEveryRoute() throws Exception {
    HttpResponse<String> docs = get("/docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("swagger-ui-bundle.js").doesNotContain("${");
    String bundle = docs.body().replaceAll("(?s).*src=\"([^\"]+swagger-ui-bundle.js)\".*", "$1");
    assertThat(get(bundle).statusCode()).isEqualTo(200);
    JsonNode spec = json(get("/openapi.json"));
    assertThat(spec.get("openapi").asText()).startsWith("3.");
    for (String path :
        List.of(
            "/",
            "/health",
            "/topics/register",
            "/producers/register",
            "/consumers/register",
            "/produce",
            "/consume",
            "/stats")) {
      assertThat(spec.get("paths").has(path)).as(path).isTrue();
    }
  }

  private Map<Path, byte[]> snapshot() throws Exception {
    Map<Path, byte[]> files = new java.util.TreeMap<>();
    try (Stream<Path> walk = Files.walk(dataDir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().equals(".lock")) {
          files.put(dataDir.relativize(p), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }
}
