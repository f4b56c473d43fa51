package dev.minikafka.http;

import static dev.minikafka.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classroom routes against a real server on a free port, in this JVM. */
class ClassroomApiTest {
  @RegisterExtension final TestServer server = TestServer.create();

  @Test
  void theGuidesFlowWorksAsWritten() throws Exception {
    assertThat(server.get("/").statusCode()).isEqualTo(200);
    assertThat(json(server.get("/health")).get("status").asText()).isEqualTo("ok");
    assertThat(server.post("/topics/register", "{\"topic\":\"demo\"}").statusCode()).isEqualTo(200);
    assertThat(
            json(server.post("/producers/register", "{\"topic\":\"demo\"}"))
                .get("producer_id")
                .asText())
        .startsWith("producer-");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r =
          server.post("/produce", "{\"topic\":\"demo\",\"value\":\"message-" + i + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("offset").asLong()).isEqualTo(i);
    }
    JsonNode reg =
        json(
            server.post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"abinash\"}"));
    assertThat(reg.get("consumer_id").asText()).isEqualTo("abinash");
    assertThat(reg.get("offset").asLong()).isZero();
    server.post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"rahul\"}");
    for (int i = 0; i < 5; i++) {
      JsonNode m = json(server.post("/consume", "{\"consumer_id\":\"abinash\"}"));
      assertThat(m.get("offset").asLong()).isEqualTo(i);
      assertThat(m.get("value").asText()).isEqualTo("message-" + i);
      assertThat(m.get("topic").asText()).isEqualTo("demo");
    }
    HttpResponse<String> caughtUp = server.post("/consume", "{\"consumer_id\":\"abinash\"}");
    assertThat(caughtUp.statusCode()).isEqualTo(204);
    assertThat(caughtUp.body()).isEmpty();
    assertThat(json(server.post("/consume", "{\"consumer_id\":\"rahul\"}")).get("offset").asLong())
        .isZero();
    JsonNode stats = json(server.get("/stats"));
    assertThat(stats.at("/topics/demo/messages").asLong()).isEqualTo(5);
    assertThat(stats.at("/consumers/abinash/offset").asLong()).isEqualTo(5);
    assertThat(stats.at("/consumers/rahul/offset").asLong()).isEqualTo(1);
  }

  @Test
  void keysComeBackAndAGeneratedConsumerIdWorks() throws Exception {
    String id =
        json(server.post("/consumers/register", "{\"topic\":\"t\"}")).get("consumer_id").asText();
    server.post("/produce", "{\"topic\":\"t\",\"value\":\"v\",\"key\":\"k\"}");
    JsonNode m = json(server.post("/consume", "{\"consumer_id\":\"" + id + "\"}"));
    assertThat(m.get("key").asText()).isEqualTo("k");
  }

  @Test
  void aLongPollAnswersWhenAMessageArrives() throws Exception {
    server.post("/consumers/register", "{\"topic\":\"t\",\"consumer_id\":\"c\"}");
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.post("/consume?timeout_ms=20000", "{\"consumer_id\":\"c\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(poll).isNotDone();
    long start = System.nanoTime();
    server.post("/produce", "{\"topic\":\"t\",\"value\":\"wake\"}");
    HttpResponse<String> r = poll.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("value").asText()).isEqualTo("wake");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.post("/consume", "{\"consumer_id\":\"c\",\"timeout_ms\":100}").statusCode())
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
    server.post("/topics/register", "{\"topic\":\"demo\"}");
    server.post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"c\"}");
    server.post("/produce", "{\"topic\":\"demo\",\"value\":\"kept\"}");
    Map<Path, byte[]> before = server.snapshot();
    HttpResponse<String> r = server.post(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = json(r);
    assertThat(error.get("error_code").asInt()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(server.snapshot())
        .as("data directory unchanged")
        .containsExactlyInAnyOrderEntriesOf(before);
    assertThat(json(server.get("/health")).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefused() throws Exception {
    byte[] huge = new byte[HttpServerConfig.DEFAULT_MAX_BODY_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) 'x');
    HttpResponse<String> r =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/produce"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void unknownRoutesAnswerJson404AndCorsIsOpen() throws Exception {
    HttpResponse<String> r = server.get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("not_found");
    HttpResponse<String> withOrigin =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/health"))
                .header("Origin", "http://example.test")
                .GET());
    assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
  }

  @Test
  void aMethodAKnownPathDoesNotTakeIsJson405NamingTheMethodsItTakes() throws Exception {
    HttpResponse<String> r =
        TestServer.send(HttpRequest.newBuilder(server.uri("/produce")).DELETE());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json(r).get("error").asText()).isEqualTo("method_not_allowed");
    assertThat(json(r).get("message").asText())
        .isEqualTo("DELETE is not a method of /produce; it takes POST");
    HttpResponse<String> topic =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/v1/topics/t"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(topic.statusCode()).isEqualTo(405);
    assertThat(topic.headers().firstValue("Allow").orElseThrow()).contains("GET", "DELETE");
    // A browser's preflight still gets its CORS answer.
    HttpResponse<String> preflight =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/produce"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.test")
                .header("Access-Control-Request-Method", "POST"));
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    // Every method of the API, with a JSON body, from any page.
    HttpResponse<String> deletePreflight =
        TestServer.send(
            HttpRequest.newBuilder(server.uri("/v1/topics/t"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.test")
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "content-type"));
    assertThat(deletePreflight.statusCode()).isEqualTo(200);
    assertThat(deletePreflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValueSatisfying(o -> assertThat(o).isIn("*", "http://example.test"));
    assertThat(deletePreflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("DELETE", "PUT", "POST");
    assertThat(deletePreflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .containsAnyOf("*", "content-type", "Content-Type");
  }

  @Test
  void swaggerUiAndTheSpecDescribeEveryRoute() throws Exception {
    HttpResponse<String> docs = server.get("/docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("swagger-ui-bundle.js").doesNotContain("${");
    String bundle = docs.body().replaceAll("(?s).*src=\"([^\"]+swagger-ui-bundle.js)\".*", "$1");
    assertThat(server.get(bundle).statusCode()).isEqualTo(200);
    JsonNode spec = json(server.get("/openapi.json"));
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
}
