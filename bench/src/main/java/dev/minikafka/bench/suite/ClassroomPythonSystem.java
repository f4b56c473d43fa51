package dev.minikafka.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The classroom design minikafka grew from: the guide's in-memory Python broker ({@code
 * bench/classroom-python/broker.py}, FastAPI on one uvicorn worker, Debian's {@code
 * python3-fastapi} and {@code python3-uvicorn}), over its HTTP API only: one message per {@code
 * /produce}, one per {@code /consume}. It has no batched producer and no random reads, and keeps
 * nothing on disk.
 */
final class ClassroomPythonSystem implements BenchSystem {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String PYTHON = "/usr/bin/python3";

  private final Path root;
  private final long fillLimit;
  private Path workDir;
  private int port;
  private Process process;
  private ClassroomHttp http;
  private String version = "?";

  /**
   * @param fillLimit the most records a filled topic gets (one request per record: a million takes
   *     minutes)
   */
  ClassroomPythonSystem(Path root, long fillLimit) {
    this.root = root;
    this.fillLimit = fillLimit;
  }

  @Override
  public String name() {
    return "classroom-python";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String durability() {
    return "none: RAM only, nothing written to disk";
  }

  @Override
  public boolean keepsData() {
    return false;
  }

  @Override
  public long fillLimit() {
    return fillLimit;
  }

  @Override
  public void start(Path workDir) throws Exception {
    this.workDir = workDir;
    Files.createDirectories(workDir);
    version =
        python(
            "import sys, fastapi, uvicorn; print('Python', sys.version.split()[0],"
                + " 'FastAPI', fastapi.__version__, 'uvicorn', uvicorn.__version__)");
    port = Processes.freePort();
    launch();
    http = new ClassroomHttp("http://127.0.0.1:" + port);
  }

  private static String python(String code) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(PYTHON + " is missing: install Debian's python3", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "the classroom broker needs FastAPI and uvicorn (apt-get install python3-fastapi"
              + " python3-uvicorn): "
              + out);
    }
    return out;
  }

  private void launch() throws Exception {
    process =
        new ProcessBuilder(
                PYTHON,
                root.resolve("bench/classroom-python/broker.py").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()))
            .start();
    Processes.awaitHttp(
        "http://127.0.0.1:" + port + "/health",
        process,
        START_TIMEOUT,
        workDir.resolve("broker.log"));
  }

  @Override
  public Duration killAndRestart() throws Exception {
    Processes.kill(process);
    long t0 = System.nanoTime();
    launch();
    http.registerTopic("restart-probe");
    http.produce("restart-probe", Values.of(0, 100));
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void createTopic(String topic) throws Exception {
    http.registerTopic(topic);
  }

  @Override
  public SingleProducer singleProducer(String topic) {
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        http.produce(topic, value);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) {
    return Optional.empty();
  }

  private String newConsumer(String topic) throws Exception {
    String id = "bench-" + System.nanoTime();
    http.registerConsumer(topic, id);
    return id;
  }

  @Override
  public BacklogReader backlogReader(String topic) throws Exception {
    String consumer = newConsumer(topic);
    return new PollingBacklogReader(() -> http.consume(consumer).isPresent() ? 1 : 0, () -> {});
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue)
      throws Exception {
    // A new classroom consumer starts at offset 0: skip what is there to start at the end.
    String consumer = newConsumer(topic);
    while (http.consume(consumer).isPresent()) {
      // Skipping.
    }
    return new PollingSubscription(
        "classroom-subscription",
        () -> {
          Optional<byte[]> value = http.consume(consumer);
          if (value.isPresent()) {
            onValue.accept(value.get());
          } else {
            // The classroom API has no long-poll: poll again shortly, as its consumer does.
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
          }
        },
        () -> {},
        () -> {});
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    return Optional.empty();
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
      http = null;
    }
    Processes.stop(process);
  }
}
