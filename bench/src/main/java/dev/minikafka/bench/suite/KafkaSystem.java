package dev.minikafka.bench.suite;

import dev.minikafka.bench.client.KafkaPerfTools;
import dev.minikafka.peers.kafka.KafkaPeer;
import dev.minikafka.peers.kafka.KafkaPeer.RunningKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Apache Kafka 4.1, single-node KRaft from Maven Central's jars ({@link KafkaPeer}), driven by the
 * harness's own load generator through kafka-clients with the client's defaults (acks=all,
 * idempotence on), and by Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance}
 * ({@link #nativeTools()}), whose figures are reported as rows of their own.
 *
 * <p>Durability: Kafka's defaults never fsync on a write (it relies on replication, which a single
 * node does not have), so the strict profile sets {@code log.flush.interval.messages=1} (an fsync
 * after every append) and the relaxed profile keeps the defaults.
 */
final class KafkaSystem implements BenchSystem {
  /** Records a batched producer may have unacknowledged (as for minikafka's). */
  private static final int BATCH_IN_FLIGHT = 16_384;

  private final Durability profile;
  private Path workDir;
  private RunningKafka kafka;

  KafkaSystem(Durability profile) {
    this.profile = profile;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String version() {
    try (Stream<Path> jars = Files.list(KafkaPeer.libDir())) {
      return jars.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("kafka_2.13-") && n.endsWith(".jar"))
              .map(n -> "Apache Kafka " + n.substring("kafka_2.13-".length(), n.length() - 4))
              .findFirst()
              .orElse("Apache Kafka ?")
          + " (kafka-clients "
          + AppInfoParser.getVersion()
          + ")";
    } catch (java.io.IOException e) {
      return "Apache Kafka ? (kafka-clients " + AppInfoParser.getVersion() + ")";
    }
  }

  @Override
  public String durability() {
    return profile == Durability.STRICT
        ? "log.flush.interval.messages=1: fsync after every append"
        : "defaults: no fsync per write (page cache; the OS writes back)";
  }

  @Override
  public void start(Path workDir) throws Exception {
    this.workDir = workDir;
    Map<String, String> overrides =
        profile == Durability.STRICT ? Map.of("log.flush.interval.messages", "1") : Map.of();
    kafka = KafkaPeer.start(workDir, overrides);
  }

  @Override
  public Duration killAndRestart() throws Exception {
    kafka.kill();
    long t0 = System.nanoTime();
    kafka = KafkaPeer.restart(workDir);
    String probe = "restart-probe";
    try (Admin admin = admin()) {
      if (!admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(probe)) {
        createTopic(probe);
      }
    }
    try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
      var unused =
          producer.send(new ProducerRecord<>(probe, Values.of(0, 100))).get(60, TimeUnit.SECONDS);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return kafka.pid();
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @Override
  public void createTopic(String topic) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(overrides);
    return new KafkaProducer<>(p);
  }

  private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putAll(overrides);
    return new KafkaConsumer<>(c);
  }

  @Override
  public SingleProducer singleProducer(String topic) {
    // linger.ms 0: a request/response client sends at once and waits for the answer.
    KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        var unused = producer.send(new ProducerRecord<>(topic, value)).get();
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) {
    // The producer's defaults (linger.ms 5, batch.size 16384); the harness bounds the records in
    // flight as it does for minikafka's producer, so a timed run does not end with the producer's
    // whole 32 MB buffer still to drain.
    KafkaProducer<byte[], byte[]> producer = producer(Map.of());
    InFlight inFlight = new InFlight(BATCH_IN_FLIGHT);
    return Optional.of(
        new BatchProducer() {
          @Override
          public void send(byte[] value) throws Exception {
            inFlight.acquire();
            var unused =
                producer.send(new ProducerRecord<>(topic, value), (md, e) -> inFlight.complete(e));
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
    KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
    InFlight inFlight = new InFlight(1);
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        inFlight.rethrow();
        var unused =
            producer.send(
                new ProducerRecord<>(topic, value),
                (md, e) -> {
                  if (e != null) {
                    inFlight.fail(e);
                  }
                });
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  @Override
  public BacklogReader backlogReader(String topic) {
    KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of());
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    return new PollingBacklogReader(
        () -> consumer.poll(Duration.ofMillis(500)).count(), consumer::close);
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue) {
    KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of());
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    var unused = consumer.position(tp);
    return new PollingSubscription(
        "kafka-subscription",
        () -> {
          try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
              onValue.accept(r.value());
            }
          } catch (WakeupException e) {
            // close() woke the poll up.
          }
        },
        consumer::wakeup,
        consumer::close);
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    // One record per poll; a fetch still returns whole batches, as Kafka's consumers read.
    KafkaConsumer<byte[], byte[]> consumer =
        consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    return Optional.of(
        new RandomReader() {
          @Override
          public byte[] read(long offset) {
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - deadline < 0) {
              for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() == offset) {
                  return r.value();
                }
              }
            }
            throw new IllegalStateException("no record at offset " + offset + " of " + topic);
          }

          @Override
          public void close() {
            consumer.close();
          }
        });
  }

  @Override
  public Optional<NativeTools> nativeTools() {
    return Optional.of(
        new NativeTools() {
          @Override
          public String producerLabel() {
            return "kafka (ProducerPerformance)";
          }

          @Override
          public String consumerLabel() {
            return "kafka (ConsumerPerformance)";
          }

          @Override
          public double produce(String topic, long records, int valueBytes) throws Exception {
            Path dir = Files.createTempDirectory(workDir, "tool-");
            return KafkaPerfTools.produce(kafka, dir, topic, records, valueBytes, new ArrayList<>())
                .recordsPerSecond();
          }

          @Override
          public double consume(String topic, long records) throws Exception {
            Path dir = Files.createTempDirectory(workDir, "tool-");
            return KafkaPerfTools.consume(kafka, dir, topic, records).recordsPerSecond();
          }
        });
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
