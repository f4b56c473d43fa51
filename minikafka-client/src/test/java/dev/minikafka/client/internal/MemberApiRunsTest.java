package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.core.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a JSON poll answer's records are cut into runs of one partition for the consumer. */
class MemberApiRunsTest {
  private static ConsumerRecord record(String topic, int partition, long offset) {
    return new ConsumerRecord(topic, partition, offset, 0, null, new byte[] {1}, List.of());
  }

  @Test
  void noRecordsMakeNoRuns() {
    assertThat(MemberApi.runs(List.of())).isEmpty();
  }

  @Test
  void aRunEndsWhereTheTopicOrThePartitionChangesAndNowhereElse() {
    List<ConsumerRecord> records =
        List.of(
            record("a", 0, 1),
            record("a", 0, 2),
            record("a", 1, 7),
            record("b", 1, 3),
            record("b", 1, 4),
            record("a", 0, 3));
    List<MemberApi.Run> runs = MemberApi.runs(records);
    assertThat(runs)
        .extracting(MemberApi.Run::partition)
        .containsExactly(
            new TopicPartition("a", 0),
            new TopicPartition("a", 1),
            new TopicPartition("b", 1),
            new TopicPartition("a", 0));
    assertThat(runs)
        .extracting(r -> r.records().stream().map(ConsumerRecord::offset).toList())
        .containsExactly(List.of(1L, 2L), List.of(7L), List.of(3L, 4L), List.of(3L));
  }
}
