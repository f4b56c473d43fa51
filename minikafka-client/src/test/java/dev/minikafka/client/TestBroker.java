package dev.minikafka.client;

import dev.minikafka.broker.Broker;
import dev.minikafka.http.HttpServer;
import dev.minikafka.http.HttpServerConfig;
import dev.minikafka.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A real broker with its HTTP API on a free port of this JVM, over a data directory the test owns.
 * {@link #restart()} stops it and starts it again on the same port and data, as an operator's
 * restart would.
 */
final class TestBroker implements AutoCloseable {
  private final Path dataDir;
  private Broker broker;
  private HttpServer server;
  private int port;
  private boolean running;

  private TestBroker(Path dataDir) {
    this.dataDir = dataDir;
    start(0);
  }

  static TestBroker start(Path dataDir) {
    return new TestBroker(dataDir);
  }

  private void start(int onPort) {
    broker = Broker.open(StorageConfig.of(dataDir));
    server = HttpServer.start(broker, HttpServerConfig.defaults().withAddress("127.0.0.1", onPort));
    port = server.port();
    running = true;
  }

  /** The base URL to bootstrap from. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops the server and broker, then starts them again on the same port and directory. */
  void restart() {
    close();
    start(port);
  }

  /** Starts the broker again after {@link #close()}, on the same port and directory. */
  void startAgain() {
    if (!running) {
      start(port);
    }
  }

  /** Stops the server and broker; closing again does nothing. */
  @Override
  public void close() {
    if (running) {
      running = false;
      server.close();
      broker.close();
    }
  }

  /** Waits until {@code condition} holds, failing after {@code timeout}. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
