package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a record-batch poll answer tells the consumer that it has read all there is, so that it
 * sends no poll ahead that would come back empty.
 */
class MemberApiCaughtUpTest {
  private static final int MAX_RECORDS = 500;
  private static final int MAX_BYTES = 1 << 20;

  private static RecordBatchAnswer.Section section(
      int partition, long from, long next, long highWatermark, long bytes) {
    return new RecordBatchAnswer.Section(
        new TopicPartition("t", partition), from, next, highWatermark, 0, bytes, List.of());
  }

  private static boolean caughtUp(RecordBatchAnswer.Section... sections) {
    return MemberApi.caughtUp(
        new RecordBatchAnswer(WireJson.object(), List.of(sections)), MAX_RECORDS, MAX_BYTES);
  }

  @Test
  void anEmptyAnswerMeansCaughtUp() {
    assertThat(caughtUp()).isTrue();
  }

  @Test
  void aFewRecordsUpToTheHighWatermarkMeanCaughtUp() {
    assertThat(caughtUp(section(0, 10, 11, 11, 80), section(1, 4, 6, 6, 160))).isTrue();
  }

  @Test
  void anyPartitionBelowItsHighWatermarkMeansMore() {
    assertThat(caughtUp(section(0, 10, 11, 11, 80), section(1, 4, 6, 9, 160))).isFalse();
  }

  @Test
  void anAnswerHalfFullOfRecordsMayHaveStoppedBeforeAPartitionItDidNotRead() {
    assertThat(caughtUp(section(0, 0, 249, 249, 10_000))).isTrue();
    assertThat(caughtUp(section(0, 0, 250, 250, 10_000))).isFalse();
  }

  @Test
  void anAnswerHalfFullOfBytesMayHaveStoppedBeforeAPartitionItDidNotRead() {
    assertThat(caughtUp(section(0, 0, 10, 10, MAX_BYTES / 2 - 1))).isTrue();
    assertThat(caughtUp(section(0, 0, 10, 10, MAX_BYTES / 2))).isFalse();
  }
}
