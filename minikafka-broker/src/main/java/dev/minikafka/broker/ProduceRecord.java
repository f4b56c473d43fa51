package dev.minikafka.broker;

import dev.minikafka.storage.record.RecordHeader;
import java.util.List;
import java.util.Objects;

/**
 * A record a client asks to produce, before the broker places it.
 *
 * @param partition the partition asked for, or null to let the key (else the request's sticky
 *     partition) decide
 * @param timestamp the create time in ms since the epoch, or null for the broker's clock
 * @param key the key bytes, or null; not copied
 * @param value the value bytes, or null; not copied
 * @param headers the headers in order, never null
 */
// Arrays, not copies, as in RecordData: produce is a hot path.
@SuppressWarnings("ArrayRecordComponent")
public record ProduceRecord(
    Integer partition, Long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {

  /** Copies the header list. */
  public ProduceRecord {
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** A record without partition, timestamp or headers. */
  public static ProduceRecord of(byte[] key, byte[] value) {
    return new ProduceRecord(null, null, key, value, List.of());
  }
}
