package dev.minikafka.peers.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer server (Redis, NATS) that a test or benchmark runs as a child process on a free loopback
 * port, in a work directory of its own: what every such peer offers beyond its own settings. The
 * work directory holds the configuration the peer writes at start, its log and its data; a {@link
 * #restart()} runs the same server on the same port and directory, so it recovers its data first.
 *
 * <p>Thread-safety: safe to use from any thread (lifecycle calls are serialized by the underlying
 * {@link ServerProcess}); {@link #close()} is idempotent. Subclasses add only immutable state.
 */
public abstract class ServerPeer implements AutoCloseable {
  /** The address every peer listens on: loopback only. */
  protected static final String LOOPBACK = "127.0.0.1";

  /** How long a server may take to serve after a start (recovery of its data included). */
  protected static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /** How long the readiness probe waits to connect, and for each answer. */
  protected static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /** How long a one-off run of the server's executable (a version or config check) may take. */
  protected static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

  private final ServerProcess server;
  private final int port;
  private final String version;

  /** A peer running as {@code server}, listening on {@code port}. */
  protected ServerPeer(ServerProcess server, int port, String version) {
    this.server = server;
    this.port = port;
    this.version = version;
  }

  /** The TCP port the server listens on for clients; the same across restarts. */
  public final int port() {
    return port;
  }

  /** The running server's process id (for {@code /proc/<pid>/status}). */
  public final long pid() {
    return server.pid();
  }

  /** The server's version, e.g. {@code 7.0.15}. */
  public final String version() {
    return version;
  }

  /** One line stating the persistence settings the server runs with. */
  public abstract String durability();

  /** The work directory: configuration, log and data. */
  public final Path workDir() {
    return server.workDir();
  }

  /** The server's log, appended to across restarts. */
  public final Path logFile() {
    return server.logFile();
  }

  /** Whether the server process is running. */
  public final boolean isAlive() {
    return server.isAlive();
  }

  /** Kills the server with SIGKILL and waits until it is gone (for recovery tests and timings). */
  public final void kill() throws InterruptedException {
    server.kill();
  }

  /**
   * Starts the server again on the same port and directory (stopping it cleanly first if it runs)
   * and returns once its readiness probe passes, which each server passes only after it recovered
   * its data.
   */
  public final void restart() throws IOException, InterruptedException {
    server.restart();
  }

  /** Stops the server with SIGTERM (a clean shutdown) and waits for it; idempotent. */
  @Override
  public final void close() {
    server.close();
  }

  /**
   * The version {@code executable --version} prints: the first group of {@code pattern}.
   *
   * @throws IllegalStateException if the output does not match
   */
  protected static String versionOf(Path executable, Pattern pattern)
      throws IOException, InterruptedException {
    String output = ServerProcess.run(List.of(executable.toString(), "--version"), TOOL_TIMEOUT);
    Matcher matcher = pattern.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "cannot read the version from " + executable + " --version: " + output);
    }
    return matcher.group(1);
  }

  /**
   * {@code value} in double quotes, for a configuration file.
   *
   * @throws IllegalArgumentException if it holds a quote, a backslash or a line break, which no
   *     peer's configuration syntax takes unescaped
   */
  protected static String quoted(String value, String what) {
    if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
      throw new IllegalArgumentException("unsupported character in " + what + ": " + value);
    }
    return '"' + value + '"';
  }

  /**
   * A socket connected to the server's loopback {@code port}, with the probe's timeouts, for a
   * readiness probe; the caller closes it.
   */
  protected static Socket probeConnection(int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) PROBE_TIMEOUT.toMillis());
      socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
