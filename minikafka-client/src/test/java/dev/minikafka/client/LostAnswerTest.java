package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the broker acted on but whose answers were lost on their way.
 *
 * <p>A produce request: the producer retries it. An idempotent producer's retry is recognised and
 * stored once; without idempotence the records are stored twice (at-least-once), which is why
 * idempotence is the default.
 *
 * <p>A group poll: the broker moved the member's positions past the records of the lost answer; the
 * next poll names the last answer the consumer received, and the broker returns those records again
 * rather than skip them (and a commit past them).
 */
class LostAnswerTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;
  private FaultyProxy proxy;

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
    admin.createTopic(NewTopic.of("payments", 2));
    proxy = new FaultyProxy(broker.url());
    proxy.loseAnswers(FaultyProxy.Request::isProduce, 1);
  }

  @AfterEach
  void stop() {
    proxy.close();
    admin.close();
    broker.close();
  }

  private List<RecordMetadata> sendThrough(boolean idempotent) throws Exception {
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    try (Producer producer =
        Producer.builder()
            .bootstrap(proxy.url())
            .enableIdempotence(idempotent)
            .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build()) {
      for (int i = 0; i < 4; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings("payments", "account-" + i, "" + i)));
      }
    }
    List<RecordMetadata> out = new ArrayList<>();
    for (CompletableFuture<RecordMetadata> f : sent) {
      out.add(f.get());
    }
    return out;
  }

  private long stored() {
    return admin.describeTopic("payments").partitions().stream()
        .mapToLong(TopicDescription.PartitionDescription::highWatermark)
        .sum();
  }

  /** The partitions the records went to, each once, lowest first: the order they are sent in. */
  private static List<Integer> partitions(List<RecordMetadata> acknowledged) {
    return acknowledged.stream().map(RecordMetadata::partition).distinct().sorted().toList();
  }

  @Test
  void anIdempotentRetryIsStoredOnce() throws Exception {
    List<RecordMetadata> acknowledged = sendThrough(true);
    int partitions = partitions(acknowledged).size();
    // One record batch per partition, and the lost one again.
    assertThat(proxy.produceRequests()).as("the lost answer was retried").isEqualTo(partitions + 1);
    assertThat(proxy.batchRequests()).isEqualTo(proxy.produceRequests());
    assertThat(stored()).isEqualTo(4);
    // The retry is answered with the offsets of the first attempt: each partition's records take
    // its offsets from 0 on, once.
    for (int p : partitions(acknowledged)) {
      assertThat(acknowledged.stream().filter(m -> m.partition() == p).map(RecordMetadata::offset))
          .containsExactlyElementsOf(
              java.util.stream.LongStream.range(
                      0, acknowledged.stream().filter(m -> m.partition() == p).count())
                  .boxed()
                  .toList());
    }
  }

  @Test
  void withoutIdempotenceTheRetryStoresTheRecordsAgain() throws Exception {
    List<RecordMetadata> acknowledged = sendThrough(false);
    int first = partitions(acknowledged).getFirst();
    long lost = acknowledged.stream().filter(m -> m.partition() == first).count();
    assertThat(proxy.produceRequests()).isEqualTo(partitions(acknowledged).size() + 1);
    // The first partition's batch, whose answer was lost, is stored twice.
    assertThat(stored()).isEqualTo(4 + lost);
  }

  @Test
  void againstABrokerWithoutTheBatchRouteTheProducerSpeaksJson() throws Exception {
    proxy.close();
    proxy = new FaultyProxy(broker.url(), true);
    proxy.loseAnswers(FaultyProxy.Request::isProduce, 1);
    List<RecordMetadata> acknowledged = sendThrough(true);
    // One JSON request for all four records, and its retry.
    assertThat(proxy.produceRequests()).isEqualTo(2);
    assertThat(proxy.batchRequests()).isZero();
    assertThat(stored()).isEqualTo(4);
    assertThat(acknowledged).extracting(RecordMetadata::offset).allMatch(o -> o < 4);
  }

  @ParameterizedTest(name = "record batches: {0}")
  @ValueSource(booleans = {true, false})
  void aPollAnswerLostOnItsWayIsReturnedAgain(boolean recordBatches) throws Exception {
    produce("payments", 30);
    // The first answer with records, then the poll sent ahead of the application: two in a row.
    proxy.loseAnswers(r -> r.isPoll() && r.body().contains("last_poll_id"), 2);
    List<String> seen = new ArrayList<>();
    try (Consumer consumer = consumerThroughProxy("lost-polls", recordBatches)) {
      consumer.subscribe(List.of("payments"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < 30 && System.nanoTime() < deadline) {
        for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.valueAsString());
        }
        consumer.commitSync();
      }
    }
    assertThat(proxy.answersToLose()).as("answers were lost").isZero();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(values(30));
    assertThat(committedTotal("lost-polls")).isEqualTo(30);
  }

  private void produce(String topic, int count) throws Exception {
    try (Producer producer = Producer.builder().bootstrap(broker.url()).build()) {
      List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      for (String v : values(count)) {
        sent.add(producer.send(ProducerRecord.ofStrings(topic, null, v)));
      }
      for (CompletableFuture<RecordMetadata> f : sent) {
        f.get();
      }
    }
  }

  private static List<String> values(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> "value-" + i).toList();
  }

  private Consumer consumerThroughProxy(String group, boolean recordBatches) {
    return Consumer.builder()
        .bootstrap(proxy.url())
        .groupId(group)
        .autoOffsetReset(AutoOffsetReset.EARLIEST)
        .enableAutoCommit(false)
        .maxPollRecords(5)
        .recordBatches(recordBatches)
        .requestTimeout(Duration.ofSeconds(2))
        .build();
  }

  private long committedTotal(String group) {
    return admin.describeGroup(group).offsets().values().stream()
        .mapToLong(o -> o.committed().orElse(0))
        .sum();
  }
}
