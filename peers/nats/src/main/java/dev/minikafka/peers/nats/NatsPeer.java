package dev.minikafka.peers.nats;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.minikafka.peers.common.ServerPeer;
import dev.minikafka.peers.common.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real NATS server with JetStream (Debian's {@code nats-server}, 2.9.x) run as a child process on
 * a free loopback port, with its own work directory, JetStream's file storage in it, and its sync
 * setting stated. Every other setting is the server's default (no configuration file of the
 * distribution is read).
 *
 * <p>The work directory holds {@code nats.conf} (written at start), {@code nats.log} and {@code
 * jetstream/} (the streams' message blocks and the consumers' state). {@link #restart()} starts the
 * same server on the same port and directory, so JetStream recovers its streams before it accepts
 * clients; how long that takes is the recovery time.
 *
 * <p>Thread-safety: safe to use from any thread (lifecycle calls are serialized by the underlying
 * {@link ServerProcess}); {@link #close()} is idempotent.
 */
public final class NatsPeer extends ServerPeer {

  /** The Debian package and executable. */
  public static final String EXECUTABLE = "nats-server";

  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d+\\.\\d+)");
  private static final String NATS_SETTING = "NATS setting";

  /**
   * When JetStream's file store fsyncs. In every mode the server writes each message to its message
   * block file (a {@code write(2)}) before it acknowledges the publish, so a process crash
   * (SIGKILL) loses no acknowledged message (the recovery test checks this); the modes differ in
   * what an operating-system crash or power loss can lose.
   */
  public enum SyncInterval {
    /**
     * {@code sync_interval: always}: an fsync on every write before the acknowledgement; an
     * acknowledged message survives power loss. Matches minikafka's {@code flush=always}. Only
     * servers that know the {@code sync_interval} setting accept it: nats-server 2.9.x does not
     * (see {@link #supports}).
     */
    ALWAYS("always"),
    /**
     * The server's default, no {@code sync_interval} line: the file store fsyncs every two minutes
     * (and when it closes a file). Power loss can lose up to two minutes of acknowledged messages.
     * The only mode of nats-server 2.9.x, where the interval is not configurable.
     */
    DEFAULT_2M(null);

    private final String value;

    SyncInterval(String value) {
      this.value = value;
    }

    /** The value of the {@code sync_interval} setting, or null to leave the default. */
    public String configValue() {
      return value;
    }
  }

  private final SyncInterval syncInterval;

  private NatsPeer(ServerProcess server, int port, SyncInterval syncInterval, String version) {
    super(server, port, version);
    this.syncInterval = syncInterval;
  }

  /** Whether {@code nats-server} is installed (tests skip when it is not). */
  public static boolean isInstalled() {
    return ServerProcess.findExecutable(EXECUTABLE).isPresent();
  }

  /**
   * Whether the installed server accepts {@code sync} (asks it to check a configuration with that
   * setting, {@code nats-server -t}).
   *
   * @throws IllegalStateException if {@code nats-server} is not installed
   */
  public static boolean supports(SyncInterval sync) throws IOException, InterruptedException {
    if (sync.configValue() == null) {
      return true;
    }
    Path executable = ServerProcess.requireExecutable(EXECUTABLE, "nats-server");
    Path dir = Files.createTempDirectory("nats-check-");
    try {
      Path config = dir.resolve("nats.conf");
      Files.writeString(config, config(dir, 4222, sync), UTF_8);
      String output =
          ServerProcess.run(
              List.of(executable.toString(), "-c", config.toString(), "-t"), TOOL_TIMEOUT);
      return !output.contains("sync_interval");
    } finally {
      Files.deleteIfExists(dir.resolve("nats.conf"));
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The strictest sync setting the installed server supports: {@link SyncInterval#ALWAYS} where it
   * knows {@code sync_interval}, else {@link SyncInterval#DEFAULT_2M}.
   */
  public static SyncInterval strictestSupported() throws IOException, InterruptedException {
    return supports(SyncInterval.ALWAYS) ? SyncInterval.ALWAYS : SyncInterval.DEFAULT_2M;
  }

  /**
   * Starts nats-server with JetStream in {@code workDir} and returns once it accepts a client
   * (JetStream has recovered its streams by then). Starting on a directory that already holds
   * JetStream data recovers it.
   *
   * @throws IllegalStateException if {@code nats-server} is not installed (the message says what to
   *     install), the server does not support {@code syncInterval}, or it does not serve within two
   *     minutes (the message holds its log's end)
   */
  public static NatsPeer start(Path workDir, SyncInterval syncInterval)
      throws IOException, InterruptedException {
    Path executable = ServerProcess.requireExecutable(EXECUTABLE, "nats-server");
    String version = versionOf(executable, VERSION);
    if (!supports(syncInterval)) {
      throw new IllegalStateException(
          "nats-server "
              + version
              + " does not know the sync_interval setting (nats-server 2.9.x fsyncs every two"
              + " minutes, not configurable): use SyncInterval."
              + SyncInterval.DEFAULT_2M
              + " or NatsPeer.strictestSupported()");
    }
    Path dir = workDir.toAbsolutePath();
    Files.createDirectories(dir);
    int port = ServerProcess.freeLoopbackPort();
    Path config = dir.resolve("nats.conf");
    Files.writeString(config, config(dir, port, syncInterval), UTF_8);
    ServerProcess server =
        ServerProcess.start(
            EXECUTABLE,
            List.of(executable.toString(), "-c", config.toString()),
            dir,
            dir.resolve("nats.log"),
            () -> probe(port),
            START_TIMEOUT);
    return new NatsPeer(server, port, syncInterval, version);
  }

  /** The URL clients connect to, e.g. {@code nats://127.0.0.1:4222}; the same across restarts. */
  public String url() {
    return "nats://" + LOOPBACK + ":" + port();
  }

  /** The sync setting this server runs with. */
  public SyncInterval syncInterval() {
    return syncInterval;
  }

  /**
   * One line stating the persistence settings, e.g. {@code JetStream file storage, sync_interval
   * always}.
   */
  @Override
  public String durability() {
    return syncInterval == SyncInterval.ALWAYS
        ? "JetStream file storage, sync_interval always"
        : "JetStream file storage, sync_interval default (fsync every 2 min)";
  }

  @Override
  public String toString() {
    return "NATS " + version() + "[" + url() + ", " + durability() + "]";
  }

  /**
   * The configuration: where to listen and store, and the sync setting; nothing else, so every
   * other setting (JetStream's limits among them) keeps the server's default.
   */
  static String config(Path dir, int port, SyncInterval syncInterval) {
    StringBuilder config = new StringBuilder();
    config.append(
        "# Written by minikafka's NatsPeer: the server's defaults plus the lines below.\n");
    config.append("listen: ").append(quoted(LOOPBACK + ":" + port, NATS_SETTING)).append('\n');
    config.append("jetstream {\n");
    // The server keeps its data in <store_dir>/jetstream.
    config.append("  store_dir: ").append(quoted(dir.toString(), NATS_SETTING)).append('\n');
    if (syncInterval.configValue() != null) {
      config.append("  sync_interval: ").append(syncInterval.configValue()).append('\n');
    }
    config.append("}\n");
    return config.toString();
  }

  /**
   * Null if the server greets with an {@code INFO} that announces JetStream and answers {@code
   * PING}, else what it said. The server opens its client port only after JetStream has started and
   * recovered its streams.
   */
  private static String probe(int port) throws IOException {
    try (Socket socket = probeConnection(port)) {
      InputStream in = socket.getInputStream();
      String info = ServerProcess.readLine(in);
      if (!info.startsWith("INFO ") || !info.contains("\"jetstream\":true")) {
        return "greeting without JetStream: " + info;
      }
      OutputStream out = socket.getOutputStream();
      out.write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(UTF_8));
      out.flush();
      String reply = ServerProcess.readLine(in);
      return reply.equals("PONG") ? null : reply;
    }
  }
}
