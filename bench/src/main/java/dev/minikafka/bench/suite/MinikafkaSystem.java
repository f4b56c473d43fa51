package dev.minikafka.bench.suite;

import dev.minikafka.client.Admin;
import dev.minikafka.client.AutoOffsetReset;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.NewTopic;
import dev.minikafka.client.PartitionReader;
import dev.minikafka.client.Producer;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.core.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * minikafka as the user runs it: the real launcher ({@code bin/broker}, which execs the JVM, so the
 * process is the broker) on a data directory of its own, with {@code --flush always} (strict) or
 * {@code --flush interval} (relaxed). Single messages go through the classroom {@code POST
 * /produce}; batches, backlogs and subscriptions through the Java SDK ({@code minikafka-client}),
 * random reads through its {@link PartitionReader}.
 */
final class MinikafkaSystem implements BenchSystem {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Records a batched producer may have unacknowledged: a few hundred batches of the SDK's default
   * size, enough to keep it busy, few enough that a timed run does not end with seconds of backlog.
   */
  private static final int BATCH_IN_FLIGHT = 16_384;

  private final Path root;
  private final Durability profile;
  private Path workDir;
  private int port;
  private Process process;
  private ClassroomHttp classroom;
  private String version = "?";

  MinikafkaSystem(Path root, Durability profile) {
    this.root = root;
    this.profile = profile;
  }

  private String flush() {
    return profile == Durability.STRICT ? "always" : "interval";
  }

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String name() {
    return "minikafka";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String durability() {
    return profile == Durability.STRICT
        ? "flush=always: acked after the fsync covering it (group commit)"
        : "flush=interval: acked after the write, fsync every 1 s";
  }

  @Override
  public void start(Path workDir) throws Exception {
    this.workDir = workDir;
    Files.createDirectories(workDir);
    this.port = Processes.freePort();
    this.version = readVersion();
    launch();
    classroom = new ClassroomHttp(url());
  }

  private void launch() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                root.resolve("bin/broker").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                workDir.resolve("data").toString(),
                "--flush",
                flush())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()));
    // The bench launcher built the jar already; never rebuild under measurement.
    pb.environment().put("MINIKAFKA_NO_BUILD", "1");
    process = pb.start();
    Processes.awaitHttp(url() + "/health", process, START_TIMEOUT, workDir.resolve("broker.log"));
  }

  private String readVersion() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("bin/minikafka").toString(), "--version")
            .redirectErrorStream(true);
    pb.environment().put("MINIKAFKA_NO_BUILD", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("bin/minikafka --version failed: " + out);
    }
    return out.lines().findFirst().orElse("?");
  }

  @Override
  public Duration killAndRestart() throws Exception {
    Processes.kill(process);
    long t0 = System.nanoTime();
    launch();
    String probe = "restart-probe";
    classroom.registerTopic(probe);
    classroom.produce(probe, Values.of(0, 100));
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void createTopic(String topic) {
    try (Admin admin = Admin.builder().bootstrap(url()).build()) {
      var unused = admin.createTopic(NewTopic.of(topic, 1));
    }
  }

  @Override
  public SingleProducer singleProducer(String topic) {
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        classroom.produce(topic, value);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) {
    // The SDK's defaults (linger.ms 5, batch.size 16384, idempotence on): one HTTP request per
    // partition batch.
    Producer producer = Producer.builder().bootstrap(url()).build();
    InFlight inFlight = new InFlight(BATCH_IN_FLIGHT);
    return Optional.of(
        new BatchProducer() {
          @Override
          public void send(byte[] value) throws Exception {
            inFlight.acquire();
            var unused =
                producer
                    .send(ProducerRecord.ofBytes(topic, null, value))
                    .whenComplete((md, e) -> inFlight.complete(e));
          }

          @Override
          public void flush() throws Exception {
            producer.flush();
            inFlight.awaitAll();
          }

          @Override
          public void close() {
            producer.close();
          }
        });
  }

  @Override
  public SingleProducer latencyProducer(String topic) {
    Producer producer = Producer.builder().bootstrap(url()).lingerMs(0).build();
    InFlight inFlight = new InFlight(BATCH_IN_FLIGHT);
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        inFlight.acquire();
        var unused =
            producer
                .send(ProducerRecord.ofBytes(topic, null, value))
                .whenComplete((md, e) -> inFlight.complete(e));
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  private Consumer consumer(AutoOffsetReset reset) {
    return Consumer.builder()
        .bootstrap(url())
        .groupId("bench-" + System.nanoTime())
        .autoOffsetReset(reset)
        .enableAutoCommit(false)
        .build();
  }

  @Override
  public BacklogReader backlogReader(String topic) {
    Consumer consumer = consumer(AutoOffsetReset.EARLIEST);
    consumer.subscribe(List.of(topic));
    return new PollingBacklogReader(
        () -> consumer.poll(Duration.ofMillis(500)).count(), consumer::close);
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue) {
    Consumer consumer = consumer(AutoOffsetReset.LATEST);
    consumer.subscribe(List.of(topic));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (consumer.assignment().isEmpty()) {
      var unused = consumer.poll(Duration.ofMillis(100));
      if (System.nanoTime() - deadline > 0) {
        consumer.close();
        throw new IllegalStateException("the subscription was not assigned within 30 s");
      }
    }
    // Resolve the position now, so that records produced after the return are all seen.
    consumer.assignment().forEach(consumer::position);
    return new PollingSubscription(
        "minikafka-subscription",
        () -> {
          for (ConsumerRecord r : consumer.poll(Duration.ofMillis(100))) {
            onValue.accept(r.value());
          }
        },
        () -> {},
        consumer::close);
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    PartitionReader reader = PartitionReader.builder().bootstrap(url()).build();
    TopicPartition tp = new TopicPartition(topic, 0);
    return Optional.of(
        new RandomReader() {
          @Override
          public byte[] read(long offset) {
            List<ConsumerRecord> records = reader.fetch(tp, offset, 1, Duration.ZERO).records();
            if (records.isEmpty() || records.get(0).offset() != offset) {
              throw new IllegalStateException("no record at offset " + offset + " of " + topic);
            }
            return records.get(0).value();
          }

          @Override
          public void close() {
            reader.close();
          }
        });
  }

  @Override
  public void close() {
    if (classroom != null) {
      classroom.close();
      classroom = null;
    }
    Processes.stop(process);
  }
}
