package dev.minikafka.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code bin/broker} as a subprocess on a free port, and an HTTP client for it. */
final class BrokerProcess {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Launched launched;
  private final int port;

  private BrokerProcess(Launched launched, int port) {
    this.launched = launched;
    this.port = port;
  }

  /** Starts {@code bin/broker --port <free> --data-dir <dataDir>} and waits for /health. */
  static BrokerProcess start(Launchers launchers, Path dataDir, String... extraArgs)
      throws IOException, InterruptedException {
    int port = Launchers.freePort();
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
    args.addAll(List.of("--data-dir", dataDir.toString()));
    args.addAll(List.of(extraArgs));
    return awaitHealthy(launchers.start("broker", args), port);
  }

  /** Starts {@code bin/broker} configured only by MINIKAFKA_* environment variables. */
  static BrokerProcess startFromEnvironment(Launchers launchers, Path dataDir)
      throws IOException, InterruptedException {
    int port = Launchers.freePort();
    Launched p =
        launchers.start(
            "broker",
            List.of(),
            Map.of(
                "MINIKAFKA_PORT", Integer.toString(port),
                "MINIKAFKA_DATA_DIR", dataDir.toString(),
                "MINIKAFKA_FLUSH", "interval:50"));
    return awaitHealthy(p, port);
  }

  private static BrokerProcess awaitHealthy(Launched p, int port)
      throws IOException, InterruptedException {
    BrokerProcess broker = new BrokerProcess(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (!p.process().isAlive()) {
        throw new AssertionError("bin/broker exited with " + p.process().exitValue() + "; " + p);
      }
      try {
        if (broker.get("/health").statusCode() == 200) {
          return broker;
        }
      } catch (ConnectException notYet) {
        // still starting
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("bin/broker did not become healthy; " + p);
      }
      Thread.sleep(50);
    }
  }

  Launched launched() {
    return launched;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** SIGKILLs the broker, a crash, and waits until it is gone. */
  void kill() throws IOException, InterruptedException {
    launched.signal("KILL");
    launched.awaitExit(Duration.ofSeconds(15));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send("POST", path, json);
  }

  /** Sends {@code body} (none when null) as JSON and answers the response as text. */
  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
