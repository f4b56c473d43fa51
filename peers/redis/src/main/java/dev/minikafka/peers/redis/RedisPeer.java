package dev.minikafka.peers.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.minikafka.peers.common.ServerPeer;
import dev.minikafka.peers.common.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
public final class RedisPeer extends ServerPeer {

  /** The Debian package and executable. */
  public static final String EXECUTABLE = "redis-server";

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

  private final AppendFsync appendFsync;

  private RedisPeer(ServerProcess server, int port, AppendFsync appendFsync, String version) {
    super(server, port, version);
    this.appendFsync = appendFsync;
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
    String version = versionOf(executable, VERSION);
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

  /** The {@code appendfsync} policy this server runs with. */
  public AppendFsync appendFsync() {
    return appendFsync;
  }

  /** One line stating the persistence settings, e.g. {@code AOF, appendfsync always}. */
  @Override
  public String durability() {
    return "AOF, appendfsync " + appendFsync.configValue() + "; RDB snapshots off";
  }

  @Override
  public String toString() {
    return "Redis " + version() + "[" + LOOPBACK + ":" + port() + ", " + durability() + "]";
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
        "dir " + quoted(dir.toString(), "Redis path"),
        "logfile \"\"",
        "daemonize no",
        "# Persistence: the append-only file only.",
        "appendonly yes",
        "appendfsync " + appendFsync.configValue(),
        "save \"\"",
        "");
  }

  /** Null if Redis answers {@code PING} with {@code +PONG}, else what it said. */
  private static String ping(int port) throws IOException {
    try (Socket socket = probeConnection(port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(UTF_8));
      out.flush();
      String reply = ServerProcess.readLine(socket.getInputStream());
      // While loading the AOF, Redis answers "-LOADING Redis is loading the dataset in memory".
      return reply.equals("+PONG") ? null : reply;
    }
  }
}
