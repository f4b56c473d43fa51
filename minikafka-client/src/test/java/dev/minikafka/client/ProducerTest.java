package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.KeyPartitioner;
import dev.minikafka.core.TopicPartition;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer against a real broker: partitioning, batching, ordering, close, failures. Runs
 * without idempotence here, and again with it in {@link IdempotentProducerTest}.
 */
class ProducerTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;

  /**
   * Whether the scenarios run with an idempotent producer; {@link IdempotentProducerTest} says yes.
   */
  boolean idempotent() {
    return false;
  }

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
  }

  @AfterEach
  void stop() {
    admin.close();
    broker.close();
  }

  private Producer producer() {
    return Producer.builder().bootstrap(broker.url()).enableIdempotence(idempotent()).build();
  }

  /** Every record of the topic, read back from the start with a fresh group. */
  private List<ConsumerRecord> readAll(String topic, int expected) {
    List<ConsumerRecord> out = new ArrayList<>();
    try (Consumer consumer =
        Consumer.builder()
            .bootstrap(broker.url())
            .groupId("reader-" + System.nanoTime())
            .autoOffsetReset(AutoOffsetReset.EARLIEST)
            .build()) {
      consumer.subscribe(List.of(topic));
      TestBroker.await(
          Duration.ofSeconds(30),
          expected + " records of " + topic,
          () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            return out.size() >= expected;
          });
    }
    return out;
  }

  @Test
  void keyedRecordsLandWhereKafkasPartitionerPutsThemInSendOrder() throws Exception {
    admin.createTopic(NewTopic.of("orders", 3));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    try (Producer producer = producer()) {
      for (int i = 0; i < 60; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings("orders", "customer-" + (i % 7), "" + i)));
      }
    }
    Map<Integer, Long> nextOffset = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      RecordMetadata md = sent.get(i).get();
      byte[] key = ("customer-" + (i % 7)).getBytes(StandardCharsets.UTF_8);
      assertThat(md.topic()).isEqualTo("orders");
      assertThat(md.partition()).isEqualTo(KeyPartitioner.partition(key, 3));
      // Offsets are dense per partition and follow send order.
      assertThat(md.offset()).isEqualTo(nextOffset.getOrDefault(md.partition(), 0L));
      nextOffset.merge(md.partition(), 1L, Long::sum);
    }
    List<ConsumerRecord> read = readAll("orders", 60);
    assertThat(read).hasSize(60);
    for (ConsumerRecord r : read) {
      int i = Integer.parseInt(r.valueAsString());
      assertThat(r.keyAsString()).isEqualTo("customer-" + (i % 7));
      assertThat(new TopicPartition("orders", sent.get(i).get().partition()))
          .isEqualTo(r.topicPartition());
      assertThat(r.offset()).isEqualTo(sent.get(i).get().offset());
    }
  }

  @Test
  void keylessRecordsOfOneBatchShareAPartition() throws Exception {
    admin.createTopic(NewTopic.of("logs", 4));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    // A long linger and a large batch: the records leave together, at flush.
    try (Producer producer =
        Producer.builder()
            .bootstrap(broker.url())
            .enableIdempotence(idempotent())
            .lingerMs(3_600_000)
            .batchSize(1 << 20)
            .build()) {
      for (int i = 0; i < 10; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings("logs", "line " + i)));
      }
      assertThat(sent).noneMatch(CompletableFuture::isDone);
      producer.flush();
      assertThat(sent).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }
    int partition = sent.getFirst().get().partition();
    for (int i = 0; i < sent.size(); i++) {
      assertThat(sent.get(i).get().partition()).isEqualTo(partition);
      assertThat(sent.get(i).get().offset()).isEqualTo(i);
    }
  }

  @Test
  void bytesHeadersAndTimestampsRoundTrip() throws Exception {
    admin.createTopic(NewTopic.of("bin", 1));
    byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0xfe, 10};
    ProducerRecord record =
        ProducerRecord.ofBytes("bin", notUtf8, notUtf8)
            .withTimestamp(1_764_000_000_000L)
            .withHeaders(List.of(Header.of("trace", "abc"), new Header("raw", notUtf8)));
    try (Producer producer = producer()) {
      RecordMetadata md = producer.send(record).get();
      assertThat(md.timestamp()).isEqualTo(1_764_000_000_000L);
    }
    ConsumerRecord read = readAll("bin", 1).getFirst();
    assertThat(read.key()).isEqualTo(notUtf8);
    assertThat(read.value()).isEqualTo(notUtf8);
    assertThat(read.timestamp()).isEqualTo(1_764_000_000_000L);
    assertThat(read.headers())
        .containsExactly(Header.of("trace", "abc"), new Header("raw", notUtf8));
  }

  @Test
  void nullKeysValuesAndHeaderValuesRoundTripAndAnUnsetTimestampIsTheSendTime() throws Exception {
    admin.createTopic(NewTopic.of("nulls", 1));
    ProducerRecord record =
        ProducerRecord.ofBytes("nulls", null, null)
            .withPartition(0)
            .withHeaders(List.of(new Header("none", null)));
    long before = System.currentTimeMillis();
    RecordMetadata md;
    try (Producer producer = producer()) {
      md = producer.send(record).get();
    }
    assertThat(md.timestamp()).isBetween(before, System.currentTimeMillis());
    ConsumerRecord read = readAll("nulls", 1).getFirst();
    assertThat(read.key()).isNull();
    assertThat(read.value()).isNull();
    assertThat(read.headers()).containsExactly(new Header("none", null));
    assertThat(read.timestamp()).isEqualTo(md.timestamp());
  }

  @Test
  void aNegativeTimestampFailsItsSendAndLaterRecordsAreStillStored() throws Exception {
    admin.createTopic(NewTopic.of("ts", 1));
    try (Producer producer = producer()) {
      CompletableFuture<RecordMetadata> bad =
          producer.send(ProducerRecord.ofStrings("ts", "k", "v").withTimestamp(-5));
      assertThatThrownBy(bad::get)
          .cause()
          .isInstanceOf(dev.minikafka.core.errors.InvalidRequestException.class)
          .hasMessageContaining("-5");
      assertThat(producer.send(ProducerRecord.ofStrings("ts", "k", "w")).get().offset()).isZero();
    }
    assertThat(readAll("ts", 1)).extracting(ConsumerRecord::valueAsString).containsExactly("w");
  }

  @Test
  void anExplicitPartitionOutsideTheTopicFailsThatSendWithTheBrokersError() {
    admin.createTopic(NewTopic.of("small", 2));
    try (Producer producer = producer()) {
      CompletableFuture<RecordMetadata> f =
          producer.send(ProducerRecord.ofStrings("small", "v").withPartition(5));
      assertThatThrownBy(f::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(dev.minikafka.core.errors.UnknownTopicOrPartitionException.class)
          .hasMessageContaining("5");
    }
  }

  @Test
  void aProducerWithDefaultSettingsDeliversToThisBroker() throws Exception {
    admin.createTopic(NewTopic.of("plain", 2));
    try (Producer producer = Producer.builder().bootstrap(broker.url()).build()) {
      RecordMetadata md = producer.send(ProducerRecord.ofStrings("plain", "k", "v")).get();
      assertThat(md.partition())
          .isEqualTo(KeyPartitioner.partition("k".getBytes(StandardCharsets.UTF_8), 2));
      assertThat(md.offset()).isZero();
    }
  }

  @Test
  void closeSendsWhatIsQueuedThenRefusesSends() throws Exception {
    admin.createTopic(NewTopic.of("t", 1));
    Producer producer =
        Producer.builder()
            .bootstrap(broker.url())
            .enableIdempotence(idempotent())
            .lingerMs(3_600_000)
            .build();
    CompletableFuture<RecordMetadata> queued = producer.send(ProducerRecord.ofStrings("t", "v"));
    producer.close();
    assertThat(queued.get().offset()).isZero();
    assertThatThrownBy(() -> producer.send(ProducerRecord.ofStrings("t", "late")))
        .isInstanceOf(ClientClosedException.class);
  }

  @Test
  void anUnreachableBrokerFailsAfterTheDeliveryTimeoutNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    try (Producer producer =
        Producer.builder()
            .bootstrap(url)
            .enableIdempotence(idempotent())
            .deliveryTimeout(Duration.ofMillis(300))
            .build()) {
      CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.ofStrings("t", "v"));
      assertThatThrownBy(f::get)
          .cause()
          .isInstanceOf(ClientTimeoutException.class)
          .hasMessageContaining("delivery.timeout.ms")
          .hasMessageContaining(url)
          .cause()
          .isInstanceOf(BrokerUnavailableException.class);
    }
  }

  @Test
  void sendsFromManyThreadsAreAllStoredOnce() throws Exception {
    admin.createTopic(NewTopic.of("shared", 2));
    List<CompletableFuture<RecordMetadata>> sent =
        java.util.Collections.synchronizedList(new ArrayList<>());
    try (Producer producer = producer()) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < 50; i++) {
                        sent.add(
                            producer.send(
                                ProducerRecord.ofStrings("shared", "k" + id, id + ":" + i)));
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    assertThat(sent).hasSize(200).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    long stored =
        admin.describeTopic("shared").partitions().stream()
            .mapToLong(TopicDescription.PartitionDescription::highWatermark)
            .sum();
    assertThat(stored).isEqualTo(200);
  }
}
