package dev.minikafka.checker.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain {@code java.net.http} calls to the broker, for the raw HTTP clients. Thread-safe. */
public final class RawHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String url;

  /** A client of the broker at {@code url}. */
  public RawHttp(String url) {
    this.url = url;
  }

  /**
   * An answer: its status and body (parsed as JSON when it is JSON, else null).
   *
   * @param status the HTTP status
   * @param body the parsed body, or null
   * @param text the body as text
   */
  public record Answer(int status, JsonNode body, String text) {}

  /** POSTs {@code json} to {@code path}; throws on no answer (timeout, connection failure). */
  public Answer post(String path, Object json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)))
            .timeout(TIMEOUT)
            .build());
  }

  /** GETs {@code path}; throws on no answer. */
  public Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET().timeout(TIMEOUT).build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = r.body().isEmpty() ? null : JSON.readTree(r.body());
    } catch (IOException notJson) {
      body = null;
    }
    return new Answer(r.statusCode(), body, r.body());
  }

  /** Serialises {@code json} (a map or list) as JSON text. */
  static String json(Object json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
