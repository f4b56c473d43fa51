package dev.minikafka.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.minikafka.client.BrokerUnavailableException;
import dev.minikafka.client.ClientTimeoutException;
import dev.minikafka.client.MiniKafkaClientException;
import dev.minikafka.client.UnexpectedResponseException;
import dev.minikafka.core.errors.ErrorCode;
import dev.minikafka.core.errors.Errors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link Transport} over one {@code java.net.http.HttpClient}: HTTP/1.1 with kept-alive connections
 * reused across calls, a connect timeout, and a per-request timeout. The client's internal tasks
 * run on virtual threads, and {@link #send} blocks only its caller, so callers on virtual threads
 * cost no platform thread while they wait (a long poll included).
 *
 * <p>Thread-safe.
 */
public final class HttpTransport implements Transport {
  private static final int EXCERPT = 200;

  private final URI base;
  private final String baseUrl;
  private final ExecutorService executor;
  private final HttpClient client;

  /**
   * A transport to {@code bootstrap}, e.g. {@code http://127.0.0.1:8000}.
   *
   * @throws IllegalArgumentException if it is not an http(s) URL with a host
   */
  public HttpTransport(String bootstrap, Duration connectTimeout) {
    this.base = parse(bootstrap);
    this.baseUrl = base.toString();
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            // Plain HTTP/1.1: no h2c upgrade dance on every new connection.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .executor(executor)
            .build();
  }

  private static URI parse(String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap URL is not set, e.g. http://127.0.0.1:8000");
    }
    String trimmed = bootstrap.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "bootstrap must be an http(s) URL with a host, e.g. http://127.0.0.1:8000; was '"
                + bootstrap
                + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "bootstrap must be an http(s) URL, e.g. http://127.0.0.1:8000; was '" + bootstrap + "'",
          e);
    }
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public JsonNode send(String method, String path, JsonNode body, Duration timeout) {
    return send(
        method, path, "application/json", body == null ? null : WireJson.bytes(body), timeout);
  }

  @Override
  public JsonNode send(
      String method, String path, String contentType, byte[] body, Duration timeout) {
    URI uri = URI.create(baseUrl + path);
    HttpResponse<byte[]> response =
        request(method, uri, contentType, body, "application/json", timeout);
    return answer(method, uri, response.statusCode(), response.body());
  }

  @Override
  public RawAnswer exchange(
      String method, String path, JsonNode body, String accept, Duration timeout) {
    URI uri = URI.create(baseUrl + path);
    HttpResponse<byte[]> response =
        request(
            method,
            uri,
            "application/json",
            body == null ? null : WireJson.bytes(body),
            accept,
            timeout);
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      answer(method, uri, status, response.body()); // throws the error the answer stands for
    }
    return new RawAnswer(
        response.headers().firstValue("Content-Type").orElse(""),
        response.body() == null ? new byte[0] : response.body());
  }

  private HttpResponse<byte[]> request(
      String method, URI uri, String contentType, byte[] body, String accept, Duration timeout) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .method(method, publisher)
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new BrokerUnavailableException(
          "cannot connect to " + baseUrl + ": no connection within the connect timeout", e);
    } catch (HttpTimeoutException e) {
      throw new ClientTimeoutException(
          method + " " + uri + " had no answer within " + timeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      throw new BrokerUnavailableException("cannot connect to " + baseUrl + ": " + describe(e), e);
    } catch (ClosedChannelException e) {
      throw new BrokerUnavailableException(
          method + " " + uri + ": the connection closed before the answer", e);
    } catch (IOException e) {
      throw new BrokerUnavailableException(method + " " + uri + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MiniKafkaClientException(method + " " + uri + " was interrupted", e);
    }
  }

  /** Turns a status and body into the JSON answer or the typed exception it stands for. */
  static JsonNode answer(String method, URI uri, int status, byte[] body) {
    JsonNode json = null;
    if (body != null && body.length > 0) {
      try {
        json = WireJson.parse(body);
      } catch (JsonProcessingException e) {
        throw new UnexpectedResponseException(
            status,
            answered(method, uri, status) + " with a body that is not JSON: " + excerpt(body));
      }
    }
    if (status >= 200 && status < 300) {
      return json == null ? MissingNode.getInstance() : json;
    }
    if (json != null && json.path("error_code").isIntegralNumber()) {
      int code = json.get("error_code").asInt();
      // A 404 or 405 that is not one of Kafka's errors is a route the server does not have.
      if (!((status == 404 || status == 405) && code == ErrorCode.UNKNOWN_SERVER_ERROR.code())) {
        throw Errors.toException(code, json.path("message").asText(""));
      }
    }
    throw new UnexpectedResponseException(
        status,
        answered(method, uri, status)
            + (body == null || body.length == 0 ? " without a body" : ": " + excerpt(body)));
  }

  /** How a message about an answer the client cannot use starts: {@code GET /x answered 502}. */
  private static String answered(String method, URI uri, int status) {
    return method + " " + uri + " answered " + status;
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
  }

  private static String describe(IOException e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    client.close();
    executor.close();
  }
}
