package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limit of requests in flight: past it a request waits a second for a slot, then gets 503
 * {@code server_busy} with a reason, never a hang; {@code /health} is never held back; a slot that
 * frees serves the next request.
 */
class InFlightLimitTest {
  @RegisterExtension final TestServer server = TestServer.create();

  @Test
  void pastTheLimitARequestGets503WithAReasonAndHealthStillAnswers() throws Exception {
    server.restartHttp(
        HttpServerConfig.defaults().withAddress("127.0.0.1", 0).withMaxInFlightRequests(2));
    assertThat(server.post("/v1/topics", "{\"name\":\"t\"}").statusCode()).isEqualTo(201);
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      polls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return server.get("/v1/topics/t/partitions/0/records?offset=0&timeout_ms=20000");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    // Both long-polls hold their slots once a third request is refused; until then, retry.
    HttpResponse<String> busy = null;
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = server.get("/v1/topics");
      if (r.statusCode() == 503) {
        busy = r;
        break;
      }
    }
    assertThat(busy).as("a request past the limit is refused").isNotNull();
    JsonNode error = TestServer.json(busy);
    assertThat(error.get("error").asText()).isEqualTo("server_busy");
    assertThat(error.get("message").asText()).contains("--max-in-flight-requests");
    assertThat(TestServer.json(server.get("/health")).get("status").asText()).isEqualTo("ok");

    // A record (appended past the HTTP layer, whose slots are taken) ends both polls; their slots
    // then serve the next requests.
    server.broker().produce("t", null, "v");
    for (CompletableFuture<HttpResponse<String>> p : polls) {
      assertThat(p.get().statusCode()).isEqualTo(200);
    }
    assertThat(server.get("/v1/topics").statusCode()).isEqualTo(200);
  }
}
