package dev.minikafka.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real launchers ({@code bin/broker}, {@code bin/producer}, {@code bin/consumer}, {@code
 * bin/minikafka}) of the tree under test as subprocesses and remembers each, so that a test can
 * kill whatever is left, also after a failure.
 *
 * <p>The launchers run the jar that {@code mvn package} just built ({@code MINIKAFKA_NO_BUILD=1}:
 * they never rebuild during a test).
 *
 * <p>As a field registered with {@code @RegisterExtension} it kills what each test started after
 * that test; a static instance (processes shared by a class) is closed by the class itself.
 */
final class Launchers implements AutoCloseable, AfterEachCallback {
  /** The project's root directory, holding {@code bin/}. */
  static final Path ROOT = root();

  /** Every process any test started; a last guard kills those left when this JVM exits. */
  private static final List<Launched> ALL = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> ALL.forEach(Launched::destroy), "kill-launched-processes"));
  }

  private final List<Launched> started = new CopyOnWriteArrayList<>();

  /** Starts {@code bin/<launcher> args...}. */
  Launched start(String launcher, List<String> args) throws IOException {
    return start(launcher, args, Map.of());
  }

  /** Starts {@code bin/<launcher> args...} with extra environment variables. */
  Launched start(String launcher, List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin").resolve(launcher).toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().put("MINIKAFKA_NO_BUILD", "1");
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("MINIKAFKA_") && !k.equals("MINIKAFKA_NO_BUILD"));
    pb.environment().putAll(env);
    Launched p = new Launched(launcher + " " + String.join(" ", args), pb.start());
    started.add(p);
    ALL.add(p);
    return p;
  }

  /** Runs {@code bin/<launcher> args...} to completion, feeding {@code stdin}. */
  Result run(String launcher, List<String> args, String stdin)
      throws IOException, InterruptedException {
    Launched p = start(launcher, args);
    try (OutputStream in = p.process().getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    int code = p.awaitExit(Duration.ofSeconds(60));
    return new Result(code, p.out(), p.err());
  }

  /** Runs {@code bin/<launcher> args...} to completion with empty stdin. */
  Result run(String launcher, String... args) throws IOException, InterruptedException {
    return run(launcher, List.of(args), "");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Kills every process still running. */
  @Override
  public void close() {
    for (Launched p : started) {
      p.destroy();
      ALL.remove(p);
    }
    started.clear();
  }

  /** A port nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * Whether this JVM's process ignores SIGINT (as a background job of a shell without job control
   * does); its children then ignore it as well, and the JVM keeps it ignored.
   */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        return (mask & (1L << (2 - 1))) != 0;
      }
    }
    return false;
  }

  private static Path root() {
    String configured = System.getProperty("minikafka.root");
    Path start = configured == null ? Path.of("").toAbsolutePath() : Path.of(configured);
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin/minikafka"))) {
        return p;
      }
    }
    throw new IllegalStateException("no bin/minikafka above " + start);
  }

  /** How a launcher ended. */
  record Result(int exitCode, List<String> out, List<String> err) {
    String stdout() {
      return String.join("\n", out);
    }

    String stderr() {
      return String.join("\n", err);
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + "\nstdout:\n  "
          + String.join("\n  ", out)
          + "\nstderr:\n  "
          + String.join("\n  ", err);
    }
  }
}
