package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Grouping a poll's records by partition, and the partition of a record in runs. */
class ConsumerRecordsTest {
  private static ConsumerRecord record(String topic, int partition, long offset) {
    return new ConsumerRecord(topic, partition, offset, 0, null, null, List.of());
  }

  @Test
  void recordsAreGroupedByPartitionInTheirOrderAcrossInterleavedRuns() {
    List<ConsumerRecord> in =
        List.of(
            record("a", 0, 5),
            record("a", 0, 6),
            record("a", 1, 0),
            record("b", 0, 9),
            record("a", 0, 7),
            record("a", 1, 1));
    ConsumerRecords records = ConsumerRecords.of(in);
    TopicPartition a0 = new TopicPartition("a", 0);
    TopicPartition a1 = new TopicPartition("a", 1);
    TopicPartition b0 = new TopicPartition("b", 0);
    assertThat(records.partitions()).containsExactly(a0, a1, b0);
    assertThat(records.records(a0)).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L);
    assertThat(records.records(a1)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
    assertThat(records.records(b0)).extracting(ConsumerRecord::offset).containsExactly(9L);
    assertThat(records.count()).isEqualTo(6);
    List<ConsumerRecord> iterated = new ArrayList<>();
    records.forEach(iterated::add);
    assertThat(iterated).containsExactlyInAnyOrderElementsOf(in);
  }

  @Test
  void theIteratorGoesPartitionByPartitionAndEndsWithNoSuchElement() {
    ConsumerRecords records =
        ConsumerRecords.of(List.of(record("a", 0, 1), record("b", 0, 2), record("a", 0, 3)));
    Iterator<ConsumerRecord> it = records.iterator();
    List<Long> offsets = new ArrayList<>();
    while (it.hasNext()) {
      offsets.add(it.next().offset());
    }
    assertThat(offsets).containsExactly(1L, 3L, 2L);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThat(ConsumerRecords.empty().iterator().hasNext()).isFalse();
  }

  @Test
  void aRecordIsOfItsOwnPartitionOnly() {
    TopicPartition a0 = new TopicPartition("a", 0);
    assertThat(record("a", 0, 1).isOf(a0)).isTrue();
    assertThat(record("a", 1, 1).isOf(a0)).isFalse();
    assertThat(record("b", 0, 1).isOf(a0)).isFalse();
    assertThat(record("b", 0, 1).isOf(null)).isFalse();
  }
}
