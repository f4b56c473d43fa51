package dev.minikafka.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The classroom HTTP API ({@code /topics/register}, {@code /consumers/register}, {@code /produce},
 * {@code /consume}) as the guide's programs use it, one message per request, over one keep-alive
 * HTTP/1.1 client (the JDK's, which pools a connection per concurrent request). Both minikafka and
 * the guide's Python broker serve this API.
 *
 * <p>A request that fails with an I/O error other than a timeout is sent once more. Under load the
 * JDK's client now and then closes one of its own pooled connections just as it hands it a request
 * (seen in packet captures: the client's FIN after a complete answer, no request sent, then "header
 * parser received no bytes"), against either broker. A user's client with retries rides that out;
 * one failed request must not void a benchmark point. A retried produce may store its message
 * twice, which a throughput figure does not care about; a retried consume whose first attempt was
 * served skips a message, so a backlog read then falls short and fails, as it would have without
 * the retry. Thread-safe.
 */
final class ClassroomHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final HttpClient http;

  ClassroomHttp(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  void registerTopic(String topic) throws IOException, InterruptedException {
    post("/topics/register", "{\"topic\":" + JSON.writeValueAsString(topic) + "}", 200);
  }

  void registerConsumer(String topic, String consumerId) throws IOException, InterruptedException {
    post(
        "/consumers/register",
        "{\"topic\":"
            + JSON.writeValueAsString(topic)
            + ",\"consumer_id\":"
            + JSON.writeValueAsString(consumerId)
            + "}",
        200);
  }

  /** Produces one message and returns once it was acknowledged (200). */
  void produce(String topic, byte[] value) throws IOException, InterruptedException {
    String body =
        "{\"topic\":"
            + JSON.writeValueAsString(topic)
            + ",\"value\":"
            + JSON.writeValueAsString(new String(value, StandardCharsets.UTF_8))
            + "}";
    post("/produce", body, 200);
  }

  /** The consumer's next message, or empty when there is none yet (204). */
  Optional<byte[]> consume(String consumerId) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        send("/consume", "{\"consumer_id\":" + JSON.writeValueAsString(consumerId) + "}");
    if (r.statusCode() == 204) {
      return Optional.empty();
    }
    check(r, 200, "/consume");
    JsonNode message = JSON.readTree(r.body());
    return Optional.of(message.path("value").asText().getBytes(StandardCharsets.UTF_8));
  }

  private void post(String path, String body, int expected)
      throws IOException, InterruptedException {
    check(send(path, body), expected, path);
  }

  private HttpResponse<byte[]> send(String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static void check(HttpResponse<byte[]> r, int expected, String path) {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          path
              + " answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
