package dev.minikafka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The classroom HTTP API of one broker, seen from the command line. Every failure becomes a {@link
 * CliFailure} with a one-line message: the broker cannot be reached, the connection broke, or the
 * broker answered with an error (its {@code error} and {@code message} are quoted).
 *
 * <p>Thread-safety: safe for concurrent use; all instances share one {@link HttpClient} per scheme.
 */
final class BrokerClient {
  /** How long a request may take, beyond any long-poll wait it asks for. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_QUOTED_BODY = 200;

  /** Shared JSON mapper (thread-safe once configured). */
  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String scheme;

  /**
   * A client of the broker at {@code base}.
   *
   * @param base an {@code http} or {@code https} URL without a trailing slash
   */
  BrokerClient(URI base) {
    String s = base.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.scheme = base.getScheme();
  }

  /** The broker's base URL, as the user gave it. */
  String url() {
    return base;
  }

  /** {@code POST /topics/register}: creates the topic unless it exists. */
  JsonNode registerTopic(String topic) {
    return post("/topics/register", object().put("topic", topic), REQUEST_TIMEOUT).orElseThrow();
  }

  /** {@code POST /producers/register}: returns {@code {producer_id, topic}}. */
  JsonNode registerProducer(String topic, String producerId) {
    ObjectNode body = object().put("topic", topic);
    if (producerId != null) {
      body.put("producer_id", producerId);
    }
    return post("/producers/register", body, REQUEST_TIMEOUT).orElseThrow();
  }

  /** {@code POST /consumers/register}: returns {@code {consumer_id, topic, offset}}. */
  JsonNode registerConsumer(String topic, String consumerId) {
    ObjectNode body = object().put("topic", topic);
    if (consumerId != null) {
      body.put("consumer_id", consumerId);
    }
    return post("/consumers/register", body, REQUEST_TIMEOUT).orElseThrow();
  }

  /** {@code POST /produce}: returns {@code {topic, partition, offset, timestamp}}. */
  JsonNode produce(String topic, String value, String key) {
    ObjectNode body = object().put("topic", topic).put("value", value);
    if (key != null) {
      body.put("key", key);
    }
    return post("/produce", body, REQUEST_TIMEOUT).orElseThrow();
  }

  /**
   * {@code POST /consume}: the consumer's next message, waiting up to {@code timeoutMs} for one
   * (long-poll), or empty when the broker answers 204.
   */
  Optional<JsonNode> consume(String consumerId, long timeoutMs) {
    ObjectNode body = object().put("consumer_id", consumerId);
    if (timeoutMs > 0) {
      body.put("timeout_ms", timeoutMs);
    }
    return post("/consume", body, REQUEST_TIMEOUT.plusMillis(timeoutMs));
  }

  /** {@code GET /stats}: {@code {topics: {name: {partitions, messages}}, consumers: {id: ...}}}. */
  JsonNode stats() {
    return send("GET", "/stats", HttpRequest.BodyPublishers.noBody(), REQUEST_TIMEOUT, "GET /stats")
        .orElseThrow(() -> new CliFailure("the broker at " + base + " sent no statistics"));
  }

  private Optional<JsonNode> post(String path, ObjectNode body, Duration timeout) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
    return send(
        "POST", path, HttpRequest.BodyPublishers.ofByteArray(bytes), timeout, "POST " + path);
  }

  private Optional<JsonNode> send(
      String method, String path, HttpRequest.BodyPublisher body, Duration timeout, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .build();
    HttpResponse<byte[]> response;
    try {
      response = Http.forScheme(scheme).send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw failure(e, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for the broker at " + base, e);
    }
    int status = response.statusCode();
    if (status == 204) {
      return Optional.empty();
    }
    byte[] bytes = response.body();
    if (status / 100 != 2) {
      throw new CliFailure(errorMessage(status, bytes, what));
    }
    try {
      return Optional.of(JSON.readTree(bytes));
    } catch (IOException e) {
      throw new CliFailure(
          "the broker at "
              + base
              + " answered "
              + what
              + " with something that is not JSON: "
              + quote(bytes),
          e);
    }
  }

  private CliFailure failure(IOException e, String what) {
    if (e instanceof HttpConnectTimeoutException) {
      return unreachable("connection timed out", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return unreachable("unknown host", e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        String m = t.getMessage();
        return unreachable(
            m == null || m.isBlank() ? "connection refused" : m.toLowerCase(Locale.ROOT), e);
      }
    }
    if (e instanceof HttpTimeoutException) {
      return new CliFailure("the broker at " + base + " did not answer " + what + " in time", e);
    }
    String m = e.getMessage();
    return new CliFailure(
        "lost the connection to the broker at "
            + base
            + " during "
            + what
            + " ("
            + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m)
            + ")",
        e);
  }

  private CliFailure unreachable(String reason, Throwable cause) {
    return new CliFailure("cannot reach the broker at " + base + " (" + reason + ")", cause);
  }

  private String errorMessage(int status, byte[] body, String what) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.hasNonNull("message")) {
        String name = error.path("error").asText("");
        return "the broker refused "
            + what
            + ": "
            + status
            + (name.isEmpty() ? "" : " " + name)
            + ": "
            + error.get("message").asText();
      }
    } catch (IOException notJson) {
      // fall through: quote the body as text
    }
    return "the broker refused " + what + ": HTTP " + status + " " + quote(body);
  }

  private static String quote(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return s.length() > MAX_QUOTED_BODY ? s.substring(0, MAX_QUOTED_BODY) + "..." : s;
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * The HTTP clients of the process, each created on first use: one for {@code http://} brokers and
   * one for {@code https://}.
   *
   * <p>The plain one never speaks TLS (redirects are not followed), so it gets an SSL context that
   * refuses to be used and fixed SSL parameters: building the JDK's default context (CA
   * certificates, cipher suites) would cost a short command about a third of its CPU time.
   */
  private static final class Http {
    private Http() {}

    static HttpClient forScheme(String scheme) {
      return scheme.equals("https") ? Tls.CLIENT : Plain.CLIENT;
    }

    private static HttpClient.Builder builder() {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER);
    }

    private static final class Plain {
      static final HttpClient CLIENT =
          builder().sslContext(new NoTls()).sslParameters(new SSLParameters()).build();

      private Plain() {}
    }

    private static final class Tls {
      static final HttpClient CLIENT = builder().build();

      private Tls() {}
    }
  }

  /** An SSL context for a client that only speaks plain HTTP: every use fails. */
  private static final class NoTls extends SSLContext {
    NoTls() {
      super(new Spi(), null, "none");
    }

    private static final class Spi extends SSLContextSpi {
      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        throw unused();
      }

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        throw unused();
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw unused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        throw unused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw unused();
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        throw unused();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        throw unused();
      }

      private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("TLS on the client for http:// brokers");
      }
    }
  }
}
