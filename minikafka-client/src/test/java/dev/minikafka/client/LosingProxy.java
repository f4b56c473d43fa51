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

  LosingProxy(String target, int answersToLose) throws IOException {
    this.target = target;
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

  /** How many produce requests reached the broker through the proxy. */
  int produceRequests() {
    return produceRequests.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = URI.create(target + exchange.getRequestURI());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .build();
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      boolean produce = uri.getPath().endsWith("/records") && request.method().equals("POST");
      if (produce) {
        produceRequests.incrementAndGet();
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
