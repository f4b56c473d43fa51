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
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the broker that forwards every request, and drops the broker's answer
 * to the first few produce requests: the request is stored, but the client sees its connection
 * close without an answer, as after a network failure. It shows what a retry does then.
 */
final class LosingProxy implements AutoCloseable {
  private final String target;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger answersToLose;
  private final AtomicInteger produceRequests = new AtomicInteger();
  private final AtomicInteger batchRequests = new AtomicInteger();
  private final boolean hideBatches;

  LosingProxy(String target, int answersToLose) throws IOException {
    this(target, answersToLose, false);
  }

  /**
   * A proxy to {@code target} that loses the answers of the first {@code answersToLose} produce
   * requests and, with {@code hideBatches}, answers the record-batch route with a plain 404 "no
   * route", as a broker without it does.
   */
  LosingProxy(String target, int answersToLose, boolean hideBatches) throws IOException {
    this.target = target;
    this.hideBatches = hideBatches;
    this.answersToLose = new AtomicInteger(answersToLose);
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

  /**
   * How many produce requests reached the broker through the proxy (JSON or record batches; the
   * producer's empty probe of the batch route does not count).
   */
  int produceRequests() {
    return produceRequests.get();
  }

  /** How many of {@link #produceRequests()} were record batches. */
  int batchRequests() {
    return batchRequests.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (hideBatches && exchange.getRequestURI().getPath().endsWith("/batches")) {
        byte[] noRoute =
            "{\"error_code\":-1,\"error\":\"not_found\",\"message\":\"no route\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, noRoute.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(noRoute);
        }
        return;
      }
      URI uri = URI.create(target + exchange.getRequestURI());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
              .header(
                  "Content-Type",
                  exchange
                      .getRequestHeaders()
                      .getOrDefault("Content-Type", java.util.List.of("application/json"))
                      .getFirst())
              .timeout(Duration.ofSeconds(30))
              .build();
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      boolean produce =
          request.method().equals("POST")
              && (uri.getPath().endsWith("/records")
                  || (uri.getPath().endsWith("/batches") && body.length > 0));
      if (produce) {
        produceRequests.incrementAndGet();
        if (uri.getPath().endsWith("/batches")) {
          batchRequests.incrementAndGet();
        }
        if (answersToLose.getAndDecrement() > 0) {
          // Stored by the broker, but the client never hears of it.
          return;
        }
      }
      byte[] out = answer.body();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
