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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of the broker that forwards every request and counts the group polls that
 * do not wait for records ({@code "timeout_ms": 0}: the consumer's polls sent ahead); while {@link
 * #hold() held}, it keeps the broker's answers to polls until {@link #release()}, so that a test
 * can act while a poll the broker has answered is still on its way to the consumer.
 */
final class PollProxy implements AutoCloseable {
  private final String target;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern NO_WAIT = Pattern.compile("\"timeout_ms\"\\s*:\\s*0[,}]");
  private final AtomicInteger aheadAnswered = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  PollProxy(String target) throws IOException {
    this.target = target;
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

  /** How many polls that do not wait have been answered, their answers passed on. */
  int aheadAnswered() {
    return aheadAnswered.get();
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
        if (uri.getPath().endsWith("/poll")) {
          CountDownLatch g = gate;
          held.incrementAndGet();
          try {
            if (!g.await(30, TimeUnit.SECONDS)) {
              return;
            }
          } finally {
            held.decrementAndGet();
          }
          if (NO_WAIT.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
            aheadAnswered.incrementAndGet();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
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
    release();
    server.stop(0);
    client.close();
  }
}
