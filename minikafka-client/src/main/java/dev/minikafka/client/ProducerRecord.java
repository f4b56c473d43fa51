package dev.minikafka.client;

import dev.minikafka.core.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: where it goes, its key, value, headers and timestamp. Immutable (the byte
 * arrays are the caller's: do not change them after {@code send}).
 *
 * <p>The partition is chosen as Kafka's client chooses it: {@link #partition()} when set; else the
 * murmur2 hash of the key; else one partition for all keyless records of a batch (sticky).
 *
 * @param topic a legal topic name
 * @param partition an explicit partition, or null to let the key (or stickiness) decide
 * @param timestamp the record's timestamp in epoch milliseconds, not negative, or null for the time
 *     it is sent (the producer's clock; the broker's when the producer speaks JSON)
 * @param key the key bytes, or null
 * @param value the value bytes, or null
 * @param headers the headers, in order (a copy is kept)
 */
// Bytes as Kafka's client hands them out, without a copy per access; equals and hashCode
// compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record ProducerRecord(
    String topic,
    Integer partition,
    Long timestamp,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  /** Checks the topic name and the partition, and copies the headers. */
  public ProducerRecord {
    TopicNames.validate(topic);
    if (partition != null && partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, was " + partition);
    }
    headers = List.copyOf(headers == null ? List.of() : headers);
  }

  /** A record with a UTF-8 key (may be null) and value, partitioned by its key. */
  public static ProducerRecord ofStrings(String topic, String key, String value) {
    return new ProducerRecord(topic, null, null, utf8(key), utf8(value), List.of());
  }

  /** A keyless record with a UTF-8 value. */
  public static ProducerRecord ofStrings(String topic, String value) {
    return ofStrings(topic, null, value);
  }

  /** A record with raw key (may be null) and value bytes, partitioned by its key. */
  public static ProducerRecord ofBytes(String topic, byte[] key, byte[] value) {
    return new ProducerRecord(topic, null, null, key, value, List.of());
  }

  /** This record sent to {@code newPartition}. */
  public ProducerRecord withPartition(int newPartition) {
    return new ProducerRecord(topic, newPartition, timestamp, key, value, headers);
  }

  /** This record with the timestamp {@code epochMillis}. */
  public ProducerRecord withTimestamp(long epochMillis) {
    return new ProducerRecord(topic, partition, epochMillis, key, value, headers);
  }

  /** This record with {@code newHeaders} in place of its headers. */
  public ProducerRecord withHeaders(List<Header> newHeaders) {
    return new ProducerRecord(topic, partition, timestamp, key, value, newHeaders);
  }

  /**
   * The bytes this record adds to a batch, as {@code batch.size} counts them: key, value and
   * headers, plus a small fixed overhead per record and per header.
   */
  public int sizeInBytes() {
    int size = 16 + length(key) + length(value);
    for (Header h : headers) {
      size += 8 + h.key().length() + length(h.value());
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProducerRecord r
        && topic.equals(r.topic)
        && Objects.equals(partition, r.partition)
        && Objects.equals(timestamp, r.timestamp)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        topic, partition, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "ProducerRecord[topic="
        + topic
        + ", partition="
        + partition
        + ", key="
        + (key == null ? "null" : key.length + " bytes")
        + ", value="
        + (value == null ? "null" : value.length + " bytes")
        + ", headers="
        + headers.size()
        + "]";
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
