package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.client.ClientClosedException;
import dev.minikafka.client.ProducerRecord;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Batching rules, on a manual clock: size, linger, per-topic batches, close. */
class RecordAccumulatorTest {
  private final java.util.List<
          java.util.concurrent.CompletableFuture<dev.minikafka.client.RecordMetadata>>
      appended = new java.util.ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);

  private static ProducerRecord record(String topic, int valueBytes) {
    return ProducerRecord.ofBytes(topic, null, new byte[valueBytes]);
  }

  @Test
  void aBatchLeavesWhenItReachesBatchSize() throws Exception {
    // Each record counts 16 + 100 bytes: two fit under 300, the third fills the batch.
    RecordAccumulator acc = new RecordAccumulator(3_600_000, 300, now::get);
    appended.add(acc.append(record("t", 100)));
    appended.add(acc.append(record("t", 100)));
    appended.add(acc.append(record("t", 100)));
    appended.add(acc.append(record("t", 100)));
    ProducerBatch first = acc.next();
    assertThat(first.records()).hasSize(2);
    assertThat(first.bytes()).isEqualTo(232);
  }

  @Test
  void aRecordLargerThanBatchSizeTravelsAlone() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(3_600_000, 100, now::get);
    appended.add(acc.append(record("t", 10)));
    appended.add(acc.append(record("t", 500)));
    assertThat(acc.next().records()).hasSize(1);
    assertThat(acc.next().records().getFirst().record().value()).hasSize(500);
  }

  @Test
  void aBatchLeavesAfterLingerEvenWhenSmall() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(50, 16_384, System::nanoTime);
    appended.add(acc.append(record("t", 1)));
    appended.add(acc.append(record("t", 1)));
    ProducerBatch batch = acc.next();
    assertThat(batch.records()).hasSize(2);
  }

  @Test
  void lingerCountsFromTheBatchsFirstRecord() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(5, 16_384, now::get);
    appended.add(acc.append(record("a", 1)));
    now.addAndGet(3_000_000);
    appended.add(acc.append(record("b", 1)));
    now.addAndGet(3_000_000);
    // "a" has waited 6 ms, "b" 3 ms: only "a" is due.
    ProducerBatch due = acc.next();
    assertThat(due.topic()).isEqualTo("a");
    now.addAndGet(3_000_000);
    assertThat(acc.next().topic()).isEqualTo("b");
  }

  @Test
  void topicsAreBatchedSeparately() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(0, 16_384, now::get);
    appended.add(acc.append(record("a", 1)));
    appended.add(acc.append(record("b", 1)));
    appended.add(acc.append(record("a", 1)));
    ProducerBatch a = acc.next();
    ProducerBatch b = acc.next();
    assertThat(a.topic()).isEqualTo("a");
    assertThat(a.records()).hasSize(2);
    assertThat(b.topic()).isEqualTo("b");
  }

  @Test
  void closeReleasesOpenBatchesThenEndsAndRefusesAppends() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(3_600_000, 16_384, now::get);
    appended.add(acc.append(record("t", 1)));
    acc.close();
    assertThat(acc.next().records()).hasSize(1);
    assertThat(acc.next()).isNull();
    assertThatThrownBy(() -> acc.append(record("t", 1)))
        .isInstanceOf(ClientClosedException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void flushSendsAtOnceAndWaitsForTheOutcome() throws Exception {
    RecordAccumulator acc = new RecordAccumulator(3_600_000, 16_384, now::get);
    var future = acc.append(record("t", 1));
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    ProducerBatch b = acc.next();
                    b.records().forEach(r -> r.future().complete(null));
                    acc.completed(b);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    acc.flush();
    assertThat(future).isDone();
    assertThat(acc.isEmpty()).isTrue();
    sender.join();
  }

  @Test
  void abortFailsWhatWasNotTaken() {
    RecordAccumulator acc = new RecordAccumulator(3_600_000, 16_384, now::get);
    var f1 = acc.append(record("t", 1));
    var f2 = acc.append(record("u", 1));
    assertThat(acc.abortUnsent(new ClientClosedException("closed"))).isEqualTo(2);
    assertThat(f1).isCompletedExceptionally();
    assertThat(f2).isCompletedExceptionally();
    assertThat(acc.isEmpty()).isTrue();
  }
}
