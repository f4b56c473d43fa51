package dev.minikafka.checker.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The broker under test as a separate process on a fixed loopback port and data directory, started
 * again after every crash on the same port and directory, so clients keep one URL. Each start is
 * either the real {@code minikafka.jar broker} ({@link Mode#PLAIN}) or the {@link
 * FaultInjectingBroker} over the same classes ({@link Mode#FAULTY}). Each incarnation's output goes
 * to its own file in the log directory. Used by one thread at a time (the fault injector).
 */
public final class BrokerNode implements AutoCloseable {
  /** How a start runs the broker. */
  public enum Mode {
    /** {@code java -jar minikafka.jar broker} */
    PLAIN,
    /** {@link FaultInjectingBroker}, whose disk faults {@link #command} switches on */
    FAULTY
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Path jar;
  private final String harnessClasspath;
  private final Path dataDir;
  private final Path logDir;
  private final int port;
  private Process process;
  private Mode mode;
  private int starts;

  /**
   * @param jar the broker's runnable jar ({@code minikafka-cli/target/minikafka.jar})
   * @param harnessClasspath the class path of {@link FaultInjectingBroker}
   * @param dataDir the data directory, kept across restarts
   * @param logDir where each incarnation's output goes
   * @param port the loopback port, kept across restarts
   */
  public BrokerNode(Path jar, String harnessClasspath, Path dataDir, Path logDir, int port) {
    this.jar = jar;
    this.harnessClasspath = harnessClasspath;
    this.dataDir = dataDir;
    this.logDir = logDir;
    this.port = port;
  }

  /** The broker's base URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** How many times the broker was started. */
  public int starts() {
    return starts;
  }

  /** How the running incarnation was started, or null when none runs. */
  public Mode mode() {
    return process != null && process.isAlive() ? mode : null;
  }

  /** Starts the broker and waits until {@code /health} answers 200. */
  public void start(Mode how) throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is running");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(
        List.of(
            "--add-exports",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED"));
    if (how == Mode.PLAIN) {
      command.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "broker",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--data-dir",
              dataDir.toString()));
    } else {
      command.addAll(
          List.of(
              "-cp",
              harnessClasspath,
              FaultInjectingBroker.class.getName(),
              Integer.toString(port),
              dataDir.toString()));
    }
    starts++;
    Files.createDirectories(logDir);
    Path log =
        logDir.resolve(
            String.format("broker-%03d-%s.log", starts, how.name().toLowerCase(Locale.ROOT)));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().keySet().removeIf(k -> k.startsWith("MINIKAFKA_"));
    process = pb.start();
    mode = how;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new IOException(
            "the broker exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the broker did not become healthy in " + START_TIMEOUT + "; " + log);
      }
      Thread.sleep(25);
    }
  }

  private boolean healthy() throws InterruptedException {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends SIGKILL, a crash, and waits until the process is gone. */
  public void kill() throws IOException, InterruptedException {
    signal("KILL");
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IOException("the broker survived SIGKILL for 30 s");
    }
  }

  /** Sends SIGSTOP: the broker freezes, its sockets stay open. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Sends SIGCONT. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** Sends one command line to a {@link Mode#FAULTY} broker. */
  public void command(String line) throws IOException {
    if (mode != Mode.FAULTY) {
      throw new IllegalStateException("only the fault-injecting broker takes commands");
    }
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Kills the broker if it runs (SIGKILL ends a paused process too) and waits until it is gone. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
