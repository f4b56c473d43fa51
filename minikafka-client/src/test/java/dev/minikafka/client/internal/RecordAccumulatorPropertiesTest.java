package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.client.ProducerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever is appended, in whatever sizes and topics, drains as batches that hold every record
 * exactly once, keep each topic's send order, and stay within {@code batch.size} unless one record
 * alone is larger.
 */
class RecordAccumulatorPropertiesTest {

  @Property(tries = 300)
  void batchesPartitionTheRecordsInOrderAndWithinTheSizeLimit(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 400) Integer> sizes,
      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 2) Integer> topics,
      @ForAll @IntRange(min = 16, max = 1000) int batchSize)
      throws InterruptedException {
    RecordAccumulator acc = new RecordAccumulator(3_600_000, batchSize, () -> 0L);
    List<ProducerRecord> sent = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      ProducerRecord r =
          new ProducerRecord(
              "t" + topics.get(i), null, (long) i, null, new byte[sizes.get(i)], List.of());
      sent.add(r);
      assertThat(acc.append(r)).isNotDone();
    }
    acc.close();
    Map<String, List<Long>> order = new HashMap<>();
    int drained = 0;
    ProducerBatch batch;
    while ((batch = acc.next()) != null) {
      assertThat(batch.records()).isNotEmpty();
      if (batch.records().size() > 1) {
        assertThat(batch.bytes()).isLessThanOrEqualTo(batchSize);
      }
      for (PendingRecord p : batch.records()) {
        assertThat(p.record().topic()).isEqualTo(batch.topic());
        order.computeIfAbsent(batch.topic(), t -> new ArrayList<>()).add(p.record().timestamp());
        drained++;
      }
      acc.completed(batch);
    }
    assertThat(drained).isEqualTo(sent.size());
    order.values().forEach(ts -> assertThat(ts).isSorted().doesNotHaveDuplicates());
    assertThat(acc.isEmpty()).isTrue();
  }
}
