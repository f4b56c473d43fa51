package dev.minikafka.peers.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Runs a real Apache Kafka (the jars gathered by {@code peers/kafka}) in child JVMs: a single-node
 * KRaft broker, {@code DumpLogSegments} as an external check of segment files, and Kafka's other
 * tools (its performance tools for benchmarks). The jars' directory comes from the system property
 * {@value #LIB_PROPERTY}.
 *
 * <p>Thread-safety: every method is static and keeps no shared state; each call works in its own
 * child process and its own files, so calls may run concurrently from any thread (concurrent {@link
 * #start} calls need distinct work directories). A {@link RunningKafka} is safe to use from any
 * thread; closing it more than once is harmless.
 */
public final class KafkaPeer {

  /** System property naming the directory of Kafka's jars (set by surefire). */
  public static final String LIB_PROPERTY = "minikafka.kafka.lib";

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;
  private static final String LOOPBACK = "127.0.0.1";

  private static final String BROKER_LOG4J =
      """
      log4j.rootLogger=INFO, stdout
      log4j.appender.stdout=org.apache.log4j.ConsoleAppender
      log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
      log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
      """;

  private static final String TOOL_LOG4J =
      """
      log4j.rootLogger=WARN, stderr
      log4j.appender.stderr=org.apache.log4j.ConsoleAppender
      log4j.appender.stderr.Target=System.err
      log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
      log4j.appender.stderr.layout.ConversionPattern=%p %m (%c)%n
      """;

  private KafkaPeer() {}

  /**
   * What a Kafka tool printed and how it exited.
   *
   * @param exitCode the process's exit code
   * @param stdout everything written to standard output
   * @param stderr everything written to standard error
   */
  public record ToolResult(int exitCode, String stdout, String stderr) {}

  /** The directory holding Kafka's jars, from the system property {@value #LIB_PROPERTY}. */
  public static Path libDir() {
    String value = System.getProperty(LIB_PROPERTY, "");
    Path dir = value.isEmpty() ? null : Path.of(value);
    if (dir == null || !hasJars(dir)) {
      throw new IllegalStateException(
          "Kafka's jars were not found (system property "
              + LIB_PROPERTY
              + "="
              + value
              + "): run the build through bin/test, which gathers them into"
              + " peers/kafka/target/lib before the tests run");
    }
    return dir;
  }

  /**
   * Runs {@code kafka.tools.DumpLogSegments --print-data-log --deep-iteration} on one segment file.
   *
   * @throws IllegalStateException if the tool does not finish within a minute
   */
  public static ToolResult dumpLogSegments(Path segmentFile)
      throws IOException, InterruptedException {
    return dumpLogSegments(List.of(segmentFile));
  }

  /**
   * Runs {@code DumpLogSegments} as {@link #dumpLogSegments(Path)} does, on several files in one
   * JVM. Each file's output starts with a line {@code Dumping <absolute path>}; the problems it
   * finds (index entries that do not match the log, non-consecutive offsets) are printed on
   * standard error after all files, naming the file.
   *
   * @param segmentFiles {@code .log}, {@code .index}, {@code .timeindex} or {@code .snapshot}
   *     files, in the order to dump them; their paths must not contain a comma
   * @throws IllegalStateException if the tool does not finish within a minute
   */
  public static ToolResult dumpLogSegments(List<Path> segmentFiles)
      throws IOException, InterruptedException {
    List<String> paths = new ArrayList<>();
    for (Path file : segmentFiles) {
      String path = file.toAbsolutePath().toString();
      if (path.contains(",")) {
        throw new IllegalArgumentException("DumpLogSegments takes a comma-separated list: " + path);
      }
      paths.add(path);
    }
    Path scratch = Files.createTempDirectory("kafka-dump-");
    try {
      return runTool(
          scratch,
          "dump",
          "kafka.tools.DumpLogSegments",
          "--files",
          String.join(",", paths),
          "--print-data-log",
          "--deep-iteration");
    } finally {
      try (Stream<Path> files = Files.list(scratch)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(scratch);
    }
  }

  /**
   * Formats a single-node KRaft Kafka in {@code workDir}, starts it and waits until it answers an
   * admin client. Its data lives in {@code workDir/data}, its output in {@code workDir/kafka.log}.
   *
   * @throws IllegalStateException if it does not start within a minute; the message holds the end
   *     of its log
   */
  public static RunningKafka start(Path workDir) throws IOException, InterruptedException {
    return start(workDir, Map.of());
  }

  /**
   * Starts Kafka as {@link #start(Path)} does, with {@code overrides} added to (or replacing
   * entries of) its {@code server.properties}, e.g. {@code log.flush.interval.messages=1}.
   */
  public static RunningKafka start(Path workDir, Map<String, String> overrides)
      throws IOException, InterruptedException {
    libDir();
    Files.createDirectories(workDir);
    Path dataDir = workDir.resolve("data").toAbsolutePath();
    Path config = workDir.resolve("server.properties").toAbsolutePath();
    Path log4j = workDir.resolve("log4j.properties").toAbsolutePath();

    int brokerPort;
    int controllerPort;
    try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      brokerPort = broker.getLocalPort();
      controllerPort = controller.getLocalPort();
    }
    String bootstrapServers = LOOPBACK + ":" + brokerPort;
    StringBuilder properties =
        new StringBuilder(serverProperties(dataDir, brokerPort, controllerPort));
    overrides.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
    Files.writeString(config, properties, UTF_8);
    Files.writeString(log4j, BROKER_LOG4J, UTF_8);

    ToolResult format =
        runTool(
            workDir,
            "format",
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            config.toString(),
            "--standalone");
    if (format.exitCode() != 0) {
      throw new IllegalStateException(
          "kafka-storage format exited with "
              + format.exitCode()
              + ":\n"
              + format.stdout()
              + format.stderr());
    }

    return launch(workDir, bootstrapServers);
  }

  /**
   * Starts Kafka again on a work directory that {@link #start(Path, Map)} formatted and ran before
   * (e.g. after {@link RunningKafka#kill()}), with the same configuration and ports, and waits
   * until it answers an admin client. Its output is appended to {@code workDir/kafka.log}.
   *
   * @throws IllegalStateException if it does not start within a minute
   */
  public static RunningKafka restart(Path workDir) throws IOException, InterruptedException {
    Path config = workDir.resolve("server.properties");
    String bootstrapServers = null;
    for (String line : Files.readAllLines(config, UTF_8)) {
      if (line.startsWith("advertised.listeners=PLAINTEXT://")) {
        bootstrapServers = line.substring("advertised.listeners=PLAINTEXT://".length()).trim();
      }
    }
    if (bootstrapServers == null) {
      throw new IllegalStateException("no advertised PLAINTEXT listener in " + config);
    }
    return launch(workDir, bootstrapServers);
  }

  private static RunningKafka launch(Path workDir, String bootstrapServers)
      throws IOException, InterruptedException {
    Path lib = libDir();
    Path dataDir = workDir.resolve("data").toAbsolutePath();
    Path config = workDir.resolve("server.properties").toAbsolutePath();
    Path log4j = workDir.resolve("log4j.properties").toAbsolutePath();
    Path logFile = workDir.resolve("kafka.log").toAbsolutePath();
    Process process =
        new ProcessBuilder(
                javaCommand(lib, log4j, List.of("-Xmx512m"), "kafka.Kafka", config.toString()))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    RunningKafka kafka = new RunningKafka(process, bootstrapServers, dataDir, logFile);
    String failure;
    try {
      failure = awaitReady(process, bootstrapServers);
    } catch (InterruptedException | RuntimeException e) {
      kafka.close();
      throw e;
    }
    if (failure != null) {
      kafka.close();
      throw new IllegalStateException(
          failure + "; last " + LOG_TAIL_LINES + " lines of " + logFile + ":\n" + tail(logFile));
    }
    return kafka;
  }

  /**
   * A Kafka broker running in a child JVM. {@link #close()} stops it cleanly: SIGTERM, then up to
   * 30 s for its shutdown, then a forced kill.
   */
  public static final class RunningKafka implements AutoCloseable {
    private final Process process;
    private final String bootstrapServers;
    private final Path logDir;
    private final Path logFile;
    // Kills Kafka if the test JVM exits without closing it, so that no broker outlives the build.
    private final Thread killOnExit;

    private RunningKafka(Process process, String bootstrapServers, Path logDir, Path logFile) {
      this.process = process;
      this.bootstrapServers = bootstrapServers;
      this.logDir = logDir;
      this.logFile = logFile;
      this.killOnExit = new Thread(process::destroyForcibly, "kill-kafka-" + process.pid());
      Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** {@code host:port} of the PLAINTEXT listener, on loopback. */
    public String bootstrapServers() {
      return bootstrapServers;
    }

    /** Kafka's {@code log.dirs}: one directory {@code <topic>-<partition>} per partition. */
    public Path logDir() {
      return logDir;
    }

    /** The broker's standard output and error. */
    public Path logFile() {
      return logFile;
    }

    /** The broker JVM's process id. */
    public long pid() {
      return process.pid();
    }

    /**
     * Kills the broker with SIGKILL, as a crash would, and waits for it to exit: nothing is flushed
     * or closed. {@link KafkaPeer#restart(Path)} starts it again on the same files.
     */
    public void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException ignored) {
        // The JVM is already exiting.
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException ignored) {
        // The JVM is already exiting: the hook runs and finds Kafka gone.
      }
    }

    @Override
    public String toString() {
      return "Kafka[" + bootstrapServers + ", pid " + process.pid() + "]";
    }
  }

  /** Returns null once an admin client can list topics, else why Kafka is not up. */
  private static String awaitReady(Process process, String bootstrapServers)
      throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    Throwable lastError = null;
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() - deadline < 0) {
        try {
          admin.listTopics().names().get();
          return null;
        } catch (ExecutionException e) {
          lastError = e.getCause();
        }
        // Doubles as the pause between attempts: returns at once if Kafka exits.
        if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
          return "Kafka exited with code " + process.exitValue() + " while starting";
        }
      }
    }
    return "Kafka did not answer on "
        + bootstrapServers
        + " within "
        + START_TIMEOUT.toSeconds()
        + " s (last error: "
        + lastError
        + ")";
  }

  /** Runs a Kafka tool's main class in {@code dir}, its output in {@code dir/<name>.out|.err}. */
  private static ToolResult runTool(Path dir, String name, String mainClass, String... args)
      throws IOException, InterruptedException {
    return runTool(dir, name, TOOL_TIMEOUT, List.of(), mainClass, args);
  }

  /**
   * Runs one of Kafka's command-line tools (e.g. {@code
   * org.apache.kafka.tools.ProducerPerformance}) in a child JVM with Kafka's jars, in {@code dir},
   * its output kept in {@code dir/<name>.out} and {@code .err}.
   *
   * @throws IllegalStateException if it does not finish within {@code timeout} (it is killed)
   */
  public static ToolResult runTool(
      Path dir,
      String name,
      Duration timeout,
      List<String> jvmOptions,
      String mainClass,
      String... args)
      throws IOException, InterruptedException {
    Path lib = libDir();
    Path log4j = dir.resolve(name + "-log4j.properties").toAbsolutePath();
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Files.writeString(log4j, TOOL_LOG4J, UTF_8);
    Process process =
        new ProcessBuilder(javaCommand(lib, log4j, jvmOptions, mainClass, args))
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new IllegalStateException(
          mainClass + " did not finish within " + timeout.toSeconds() + " s");
    }
    return new ToolResult(process.exitValue(), read(out), read(err));
  }

  private static List<String> javaCommand(
      Path lib, Path log4j, List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // lz4-java and zstd-jni load native code; without this, JDK 24+ warns on stderr.
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dlog4j.configuration=" + log4j.toUri());
    // log4j-core is on the classpath but unused (slf4j goes to reload4j); keep it quiet.
    command.add("-Dlog4j2.statusLoggerLevel=OFF");
    command.add("-cp");
    command.add(lib.toAbsolutePath() + File.separator + "*");
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private static String serverProperties(Path dataDir, int brokerPort, int controllerPort) {
    String broker = LOOPBACK + ":" + brokerPort;
    String controller = LOOPBACK + ":" + controllerPort;
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
        "advertised.listeners=PLAINTEXT://" + broker,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "controller.quorum.bootstrap.servers=" + controller,
        "log.dirs=" + dataDir,
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  private static boolean hasJars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(file -> file.getFileName().toString().endsWith(".jar"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads a whole file, replacing bytes that are not UTF-8 rather than failing. */
  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), UTF_8);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = read(file).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
