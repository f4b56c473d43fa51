package dev.minikafka.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a test broker that forwards every request (with its {@code
 * Content-Type} and {@code Accept}, and the answer's {@code Content-Type}) and can misbehave as a
 * network does:
 *
 * <ul>
 *   <li>{@link #loseAnswers lose} the broker's answers to chosen requests: the broker acted on the
 *       request, but the client sees its connection close without an answer;
 *   <li>{@link #hold() hold} the answers of group polls until {@link #release()}, so that a test
 *       can act while an answered poll is still on its way;
 *   <li>answer the record-batch produce route and the {@code /v1} index that lists it with a plain
 *       404, as a broker without them does.
 * </ul>
 *
 * It counts produce and poll requests. Thread-safe: each request runs on a virtual thread of its
 * own.
 */
final class FaultyProxy implements AutoCloseable {
  /** A request as the proxy forwarded it. */
  record Request(String method, String path, String body) {
    boolean isProduce() {
      return method.equals("POST") && (path.endsWith("/records") || path.endsWith("/batches"));
    }

    boolean isPoll() {
      return method.equals("POST") && path.endsWith("/poll");
    }
  }

  private final String target;
  private final boolean hideBatches;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger answersToLose = new AtomicInteger();
  private volatile Predicate<Request> losing = r -> false;
  private final AtomicInteger produceRequests = new AtomicInteger();
  private final AtomicInteger batchRequests = new AtomicInteger();
  private final AtomicInteger pollRequests = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  FaultyProxy(String target) throws IOException {
    this(target, false);
  }

  /**
   * A proxy to {@code target}; with {@code hideBatches} it answers the record-batch produce route
   * and {@code GET /v1} with a plain 404 "no route".
   */
  FaultyProxy(String target, boolean hideBatches) throws IOException {
    this.target = target;
    this.hideBatches = hideBatches;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::forward);
    server.start();
  }

  String url() {
    InetAddress host = server.getAddress().getAddress();
    String name =
        host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    return "http://" + name + ":" + server.getAddress().getPort();
  }

  /** Loses the broker's answers to the next {@code count} requests that {@code which} matches. */
  void loseAnswers(Predicate<Request> which, int count) {
    losing = which;
    answersToLose.set(count);
  }

  /** How many answers are still to be lost. */
  int answersToLose() {
    return Math.max(0, answersToLose.get());
  }

  /** How many produce requests reached the broker through the proxy (JSON or record batches). */
  int produceRequests() {
    return produceRequests.get();
  }

  /** How many of {@link #produceRequests()} were record batches. */
  int batchRequests() {
    return batchRequests.get();
  }

  /** How many group polls reached the broker through the proxy. */
  int pollRequests() {
    return pollRequests.get();
  }

  /** How many poll answers are held now. */
  int held() {
    return held.get();
  }

  /** Holds the answers of the poll requests from now on. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets the held answers go, and the later ones through. */
  void release() {
    gate.countDown();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Request seen =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              new String(body, StandardCharsets.UTF_8));
      if (hideBatches && (seen.path().endsWith("/batches") || seen.path().equals("/v1"))) {
        send(
            exchange,
            404,
            "application/json",
            "{\"error_code\":-1,\"error\":\"not_found\",\"message\":\"no route\"}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (seen.isPoll()) {
        pollRequests.incrementAndGet();
      }
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(toBroker(exchange, body), HttpResponse.BodyHandlers.ofByteArray());
        if (seen.isPoll() && !awaitGate()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (seen.isProduce()) {
        produceRequests.incrementAndGet();
        if (seen.path().endsWith("/batches")) {
          batchRequests.incrementAndGet();
        }
      }
      if (losing.test(seen) && answersToLose.getAndDecrement() > 0) {
        // The broker acted on it, but the client never hears of it.
        return;
      }
      send(
          exchange,
          answer.statusCode(),
          answer.headers().firstValue("Content-Type").orElse("application/json"),
          answer.body());
    }
  }

  private HttpRequest toBroker(HttpExchange exchange, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(30));
    for (String header : List.of("Content-Type", "Accept")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return request.build();
  }

  /** Waits while poll answers are held; false when they were held too long to pass on. */
  private boolean awaitGate() throws InterruptedException {
    CountDownLatch g = gate;
    held.incrementAndGet();
    try {
      return g.await(30, TimeUnit.SECONDS);
    } finally {
      held.decrementAndGet();
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] out)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    client.close();
  }
}
