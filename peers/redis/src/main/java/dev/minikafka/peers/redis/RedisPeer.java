package dev.minikafka.peers.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.minikafka.peers.common.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Redis (Debian's {@code redis-server}, 7.x) run as a child process on a free loopback port,
 * with its own work directory and its persistence stated: the append-only file (AOF) on, with the
 * {@code appendfsync} policy chosen by the caller, and RDB snapshots off. Every other setting is
 * Redis' built-in default (no configuration file of the distribution is read).
 *
 * <p>The work directory holds {@code redis.conf} (written at start), {@code redis.log}, and the
 * data: {@code appendonlydir/} (the AOF's base and increment files). {@link #restart()} starts the
 * same server on the same port and directory, so Redis loads the AOF; how long that takes is the
 * recovery time.
 *
 * <p>Thread-safety: safe to use from any thread (lifecycle calls are serialized by the underlying
 * {@link ServerProcess}); {@link #close()} is idempotent.
 */
public final class RedisPeer implements AutoCloseable {

  /** The Debian package and executable. */
  public static final String EXECUTABLE = "redis-server";

  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");

  /**
   * When Redis fsyncs its append-only file. Redis appends the commands of each event-loop cycle to
   * the AOF in one {@code write(2)} before it sends their replies (under {@code everysec} it may
   * hold that write back for up to two seconds while a background fsync is slow); the modes differ
   * in when the fsync comes.
   */
  public enum AppendFsync {
    /**
     * {@code appendfsync always}: the AOF is fsynced before the replies of the commands it holds
     * are sent (one fsync per event-loop cycle covers every client served in it). An acknowledged
     * write survives power loss. Matches minikafka's {@code flush=always}.
     */
    ALWAYS("always"),
    /**
     * {@code appendfsync everysec} (Redis' default): a background thread fsyncs about once a
     * second. A crash of the machine (or, while the disk is slow, of Redis) can lose the last
     * second or two of acknowledged writes.
     */
    EVERYSEC("everysec");

    private final String value;

    AppendFsync(String value) {
      this.value = value;
    }

    /** The value of Redis' {@code appendfsync} setting. */
    public String configValue() {
      return value;
    }
  }

  private final ServerProcess server;
  private final int port;
  private final AppendFsync appendFsync;
  private final String version;

  private RedisPeer(ServerProcess server, int port, AppendFsync appendFsync, String version) {
    this.server = server;
    this.port = port;
    this.appendFsync = appendFsync;
    this.version = version;
  }

  /** Whether {@code redis-server} is installed (tests skip when it is not). */
  public static boolean isInstalled() {
    return ServerProcess.findExecutable(EXECUTABLE).isPresent();
  }

  /**
   * Starts Redis in {@code workDir} and returns once it answers {@code PING} with {@code PONG}.
   * Starting on a directory that already holds an AOF loads it.
   *
   * @throws IllegalStateException if {@code redis-server} is not installed (the message says what
   *     to install), or Redis does not serve within two minutes (the message holds its log's end)
   */
  public static RedisPeer start(Path workDir, AppendFsync appendFsync)
      throws IOException, InterruptedException {
    Path executable = ServerProcess.requireExecutable(EXECUTABLE, "redis-server");
    String version = version(executable);
    Path dir = workDir.toAbsolutePath();
    Files.createDirectories(dir);
    int port = ServerProcess.freeLoopbackPort();
    Path config = dir.resolve("redis.conf");
    Files.writeString(config, config(dir, port, appendFsync), UTF_8);
    ServerProcess server =
        ServerProcess.start(
            EXECUTABLE,
            List.of(executable.toString(), config.toString()),
            dir,
            dir.resolve("redis.log"),
            () -> ping(port),
            START_TIMEOUT);
    return new RedisPeer(server, port, appendFsync, version);
  }

  /** The loopback address Redis listens on. */
  public String host() {
    return LOOPBACK;
  }

  /** The TCP port Redis listens on; the same across restarts. */
  public int port() {
    return port;
  }

  /** The running server's process id (for {@code /proc/<pid>/status}). */
  public long pid() {
    return server.pid();
  }

  /** The server's version, e.g. {@code 7.0.15}. */
  public String version() {
    return version;
  }

  /** The {@code appendfsync} policy this server runs with. */
  public AppendFsync appendFsync() {
    return appendFsync;
  }

  /** One line stating the persistence settings, e.g. {@code AOF, appendfsync always}. */
  public String durability() {
    return "AOF, appendfsync " + appendFsync.configValue() + "; RDB snapshots off";
  }

  /** The work directory: configuration, log, and data ({@code appendonlydir/}). */
  public Path workDir() {
    return server.workDir();
  }

  /** Redis' log, appended to across restarts. */
  public Path logFile() {
    return server.logFile();
  }

  /** Whether the server process is running. */
  public boolean isAlive() {
    return server.isAlive();
  }

  /** Kills Redis with SIGKILL and waits until it is gone (for recovery tests and timings). */
  public void kill() throws InterruptedException {
    server.kill();
  }

  /**
   * Starts Redis again on the same port and directory (stopping it cleanly first if it runs) and
   * returns once it answers {@code PING}, i.e. once it has loaded its AOF: Redis answers {@code
   * -LOADING} until then.
   */
  public void restart() throws IOException, InterruptedException {
    server.restart();
  }

  /** Stops Redis with SIGTERM (it fsyncs the AOF and exits) and waits for it; idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "Redis " + version + "[" + LOOPBACK + ":" + port + ", " + durability() + "]";
  }

  /**
   * The configuration: where to listen and write, and the persistence settings; nothing else, so
   * every other setting keeps Redis' default.
   */
  static String config(Path dir, int port, AppendFsync appendFsync) {
    return String.join(
        "\n",
        "# Written by minikafka's RedisPeer: Redis' defaults plus the lines below.",
        "bind " + LOOPBACK,
        "port " + port,
        "dir " + quote(dir.toString()),
        "logfile \"\"",
        "daemonize no",
        "# Persistence: the append-only file only.",
        "appendonly yes",
        "appendfsync " + appendFsync.configValue(),
        "save \"\"",
        "");
  }

  private static String quote(String value) {
    if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
      throw new IllegalArgumentException("unsupported character in Redis path: " + value);
    }
    return '"' + value + '"';
  }

  private static String version(Path executable) throws IOException, InterruptedException {
    String output = ServerProcess.run(List.of(executable.toString(), "--version"), VERSION_TIMEOUT);
    Matcher matcher = VERSION.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "cannot read the version from " + executable + " --version: " + output);
    }
    return matcher.group(1);
  }

  /** Null if Redis answers {@code PING} with {@code +PONG}, else what it said. */
  private static String ping(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) PROBE_TIMEOUT.toMillis());
      socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(UTF_8));
      out.flush();
      String reply = ServerProcess.readLine(socket.getInputStream());
      // While loading the AOF, Redis answers "-LOADING Redis is loading the dataset in memory".
      return reply.equals("+PONG") ? null : reply;
    }
  }
}
