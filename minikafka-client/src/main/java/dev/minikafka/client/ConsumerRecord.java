package dev.minikafka.client;

import dev.minikafka.core.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record as read from a partition. Immutable; do not change the arrays.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp in epoch milliseconds
 * @param key the key bytes, or null
 * @param value the value bytes, or null
 * @param headers its headers, in order
 */
// Bytes as Kafka's client hands them out, without a copy per access; equals and hashCode
// compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record ConsumerRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  /** Copies the headers. */
  public ConsumerRecord {
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(headers);
  }

  /** The partition this record came from. */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  /**
   * Whether this record is of {@code partition} (false for null). Records come in runs of one
   * partition, so a loop that keeps the last record's partition and asks this creates (and checks
   * the name of) one {@link TopicPartition} per run rather than one per record.
   */
  boolean isOf(TopicPartition partition) {
    return partition != null
        && partition.partition() == this.partition
        && partition.topic().equals(topic);
  }

  /** The key decoded as UTF-8, or null. */
  public String keyAsString() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  /** The value decoded as UTF-8, or null. */
  public String valueAsString() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumerRecord r
        && topic.equals(r.topic)
        && partition == r.partition
        && offset == r.offset
        && timestamp == r.timestamp
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return "ConsumerRecord[" + topic + "-" + partition + "@" + offset + "]";
  }
}
