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

/**
 * A produce request the broker stored but whose answer was lost: the producer retries it. An
 * idempotent producer's retry is recognised and stored once; without idempotence the records are
 * stored twice (at-least-once), which is why idempotence is the default.
 */
class LostAnswerTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;
  private LosingProxy proxy;

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
    admin.createTopic(NewTopic.of("payments", 2));
    proxy = new LosingProxy(broker.url(), 1);
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
    proxy = new LosingProxy(broker.url(), 1, true);
    List<RecordMetadata> acknowledged = sendThrough(true);
    // One JSON request for all four records, and its retry.
    assertThat(proxy.produceRequests()).isEqualTo(2);
    assertThat(proxy.batchRequests()).isZero();
    assertThat(stored()).isEqualTo(4);
    assertThat(acknowledged).extracting(RecordMetadata::offset).allMatch(o -> o < 4);
  }
}
