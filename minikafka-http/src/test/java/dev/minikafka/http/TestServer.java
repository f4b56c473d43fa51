package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.broker.Broker;
import dev.minikafka.storage.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The route tests' server: a real {@link Broker} on a fresh temp directory and the real {@link
 * HttpServer} in front of it on a free port of 127.0.0.1, in this JVM, started before each test and
 * closed (the directory deleted) after it. Register it as a field:
 *
 * <pre>{@code @RegisterExtension final TestServer server = TestServer.create();}</pre>
 *
 * <p>or, one server for all tests of a class (which then must leave it usable for the next), as a
 * static field made by {@link #perClass()}.
 *
 * <p>Also the requests those tests send (JSON content type, a 30 s timeout) and a snapshot of the
 * data directory, for "nothing stored changed" checks. Not thread-safe to start or stop; requests
 * may be sent from any thread.
 */
final class TestServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final UnaryOperator<StorageConfig> storage;
  private final boolean perClass;
  private Path dataDir;
  private Broker broker;
  private HttpServer server;

  private TestServer(UnaryOperator<StorageConfig> storage, boolean perClass) {
    this.storage = storage;
    this.perClass = perClass;
  }

  /** A server over default storage options, started for each test. */
  static TestServer create() {
    return new TestServer(UnaryOperator.identity(), false);
  }

  /** A server over default storage options, started once for the tests of a class. */
  static TestServer perClass() {
    return new TestServer(UnaryOperator.identity(), true);
  }

  /** A server whose storage config is {@code storage} applied to the defaults for its directory. */
  static TestServer withStorage(UnaryOperator<StorageConfig> storage) {
    return new TestServer(storage, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (perClass) {
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (perClass) {
      stop();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      stop();
    }
  }

  private void start() throws IOException {
    dataDir = Files.createTempDirectory("minikafka-http-test");
    open();
  }

  private void stop() throws IOException {
    try {
      closeServer();
    } finally {
      try (Stream<Path> walk = Files.walk(dataDir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Closes server and broker and opens both again over the same directory: a clean restart. */
  void restart() {
    closeServer();
    open();
  }

  /** Replaces the HTTP server (not the broker) by one with {@code config}. */
  void restartHttp(HttpServerConfig config) {
    server.close();
    server = null;
    server = HttpServer.start(broker, config);
  }

  private void open() {
    broker = Broker.open(storage.apply(StorageConfig.of(dataDir)));
    server = HttpServer.start(broker, HttpServerConfig.defaults().withAddress("127.0.0.1", 0));
  }

  private void closeServer() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      server = null;
      broker = null;
    }
  }

  Broker broker() {
    return broker;
  }

  Path dataDir() {
    return dataDir;
  }

  int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send("DELETE", path, null);
  }

  /** Sends {@code body} (none when null) as JSON and answers the response as text. */
  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Sends {@code request} as JSON, with a timeout, and answers the response as text. */
  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return sendAs(request.header("Content-Type", "application/json"));
  }

  /**
   * Sends {@code request} with the headers it has (a content type among them), with a timeout, and
   * answers the response as text.
   */
  static HttpResponse<String> sendAs(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The address of {@code path} on this server. */
  URI uri(String path) {
    return URI.create(base() + path);
  }

  /** The response body parsed as JSON. */
  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /**
   * Asserts an error response: its status, its Kafka error code, an error name, and a message
   * holding each of {@code words}.
   */
  static void assertError(HttpResponse<String> r, int status, int code, String... words)
      throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = json(r);
    assertThat(e.get("error_code").asInt()).as(r.body()).isEqualTo(code);
    assertThat(e.get("error").asText()).as(r.body()).isNotBlank();
    assertThat(e.get("message").asText()).as(r.body()).contains(words);
  }

  /** The data directory's files as {@link HostileClient#snapshot(Path)} reads them. */
  Map<Path, byte[]> snapshot() {
    return HostileClient.snapshot(dataDir);
  }
}
