package dev.minikafka.peers.common;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server program (Redis, NATS) run as a child process for tests and benchmarks: started, probed
 * until it serves, killed with SIGKILL, started again on the same files, stopped.
 *
 * <p>The command line is fixed at construction, so a {@link #restart()} runs the same program with
 * the same arguments, port and data directory as the first start. Standard output and error go to
 * one log file, appended to across restarts.
 *
 * <p>Thread-safety: every method is synchronized; a {@code ServerProcess} may be shared between
 * threads, though lifecycle calls from several threads at once make little sense. {@link #close()}
 * is idempotent. A shutdown hook kills the child if the JVM exits without closing it, so that no
 * server outlives a build.
 */
public final class ServerProcess implements AutoCloseable {

  /**
   * Tells whether a started server serves requests yet.
   *
   * <p>Called repeatedly while the server starts, from the starting thread.
   */
  @FunctionalInterface
  public interface ReadinessProbe {
    /**
     * Returns null once the server serves, else a short reason why not (kept for the error message
     * if the server never comes up). May throw {@link IOException}, e.g. connection refused, which
     * counts as "not yet".
     */
    String notReadyReason() throws IOException;
  }

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final long PROBE_PAUSE_MILLIS = 5;
  private static final int LOG_TAIL_LINES = 30;

  private final String name;
  private final List<String> command;
  private final Path workDir;
  private final Path logFile;
  private final ReadinessProbe probe;
  private final Duration startTimeout;

  private Process process;
  private Thread killOnExit;

  private ServerProcess(
      String name,
      List<String> command,
      Path workDir,
      Path logFile,
      ReadinessProbe probe,
      Duration startTimeout) {
    this.name = name;
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.logFile = logFile;
    this.probe = probe;
    this.startTimeout = startTimeout;
  }

  /**
   * Starts {@code command} in {@code workDir} and returns once {@code probe} reports it serving.
   *
   * @param name what to call the server in messages, e.g. {@code redis-server}
   * @param command the program and its arguments
   * @param workDir the child's working directory (created if missing)
   * @param logFile where its standard output and error go (appended to)
   * @param probe tells when it serves
   * @param startTimeout how long it may take to serve
   * @throws IllegalStateException if it exits or does not serve within {@code startTimeout}; the
   *     message holds the end of its log, and the process is gone
   */
  public static ServerProcess start(
      String name,
      List<String> command,
      Path workDir,
      Path logFile,
      ReadinessProbe probe,
      Duration startTimeout)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    ServerProcess server = new ServerProcess(name, command, workDir, logFile, probe, startTimeout);
    synchronized (server) {
      server.launch();
    }
    return server;
  }

  /**
   * Finds an executable on {@code PATH} (then in {@code /usr/sbin} and {@code /usr/bin}, where
   * Debian puts servers even when {@code PATH} lacks them).
   */
  public static Optional<Path> findExecutable(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs =
        Stream.concat(
                Arrays.stream(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/bin"))
            .filter(dir -> !dir.isEmpty())
            .toList();
    for (String dir : dirs) {
      Path candidate = Path.of(dir, executable);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #findExecutable} but fails with a message naming what to install.
   *
   * @param debianPackage the Debian package that provides the executable
   * @throws IllegalStateException if the executable is not installed
   */
  public static Path requireExecutable(String executable, String debianPackage) {
    return findExecutable(executable)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    executable
                        + " was not found on PATH nor in /usr/sbin or /usr/bin: install Debian's "
                        + debianPackage
                        + " package (apt-get install -y "
                        + debianPackage
                        + "); .ci/run does this on CI"));
  }

  /**
   * Returns a TCP port on the loopback interface that was free a moment ago. Another process may
   * take it before the server binds it; the server then fails to start and says so.
   */
  public static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs a short command (e.g. {@code redis-server --version}) and returns its standard output and
   * error together.
   *
   * @throws IllegalStateException if it does not finish within {@code timeout}
   */
  public static String run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("minikafka-peer-", ".out");
    try {
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return Files.readString(out, UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * Reads one line of a text protocol (Redis' RESP, NATS' protocol: lines end with CRLF) as ASCII,
   * without its line end; for readiness probes.
   *
   * @throws IOException if the stream ends before the line does
   */
  public static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed after \"" + line + "\"");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** The running server's process id; after {@link #kill()} or {@link #close()}, the last one. */
  public synchronized long pid() {
    return process.pid();
  }

  /** Whether the server process is running. */
  public synchronized boolean isAlive() {
    return process.isAlive();
  }

  /** The child's working directory. */
  public Path workDir() {
    return workDir;
  }

  /** The server's standard output and error, appended to across restarts. */
  public Path logFile() {
    return logFile;
  }

  /**
   * Kills the server with SIGKILL (no chance to flush or clean up, as in a crash) and waits until
   * it is gone. Does nothing if it is not running.
   */
  public synchronized void kill() throws InterruptedException {
    if (process.isAlive()) {
      // On Unix, destroyForcibly() is SIGKILL.
      process.destroyForcibly();
      if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            name + " (pid " + process.pid() + ") survived SIGKILL for " + KILL_TIMEOUT);
      }
    }
  }

  /**
   * Starts the server again with the same command line (same port, same data directory) and returns
   * once it serves. If it is still running, it is first stopped as {@link #close()} stops it. The
   * time this call takes is the server's time from start to serving, recovery included (the probe
   * runs every 5 ms, which bounds the measurement's resolution).
   *
   * @throws IllegalStateException as {@link #start} does
   */
  public synchronized void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /**
   * Stops the server: SIGTERM (Redis and NATS both shut down cleanly on it), then up to 30 s for it
   * to exit, then SIGKILL. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized String toString() {
    return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    killOnExit = new Thread(process::destroyForcibly, "kill-" + name + "-" + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
    String failure;
    try {
      failure = awaitReady();
    } catch (InterruptedException | RuntimeException e) {
      stop();
      throw e;
    }
    if (failure != null) {
      stop();
      throw new IllegalStateException(
          failure + "; last " + LOG_TAIL_LINES + " lines of " + logFile + ":\n" + tail());
    }
  }

  /** Returns null once the probe says the server serves, else why it does not. */
  private String awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    String reason = "no answer yet";
    while (true) {
      try {
        reason = probe.notReadyReason();
        if (reason == null) {
          return null;
        }
      } catch (IOException e) {
        reason = e.toString();
      }
      // Doubles as the pause between attempts: returns at once if the server exits.
      if (process.waitFor(PROBE_PAUSE_MILLIS, TimeUnit.MILLISECONDS)) {
        return name + " exited with code " + process.exitValue() + " while starting";
      }
      if (System.nanoTime() - deadline > 0) {
        return name
            + " did not serve within "
            + startTimeout.toMillis()
            + " ms (last probe: "
            + reason
            + ")";
      }
    }
  }

  private void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (killOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException ignored) {
        // The JVM is already exiting: the hook runs and finds the server gone.
      }
      killOnExit = null;
    }
  }

  private String tail() {
    try {
      List<String> lines = new String(Files.readAllBytes(logFile), UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }
}
