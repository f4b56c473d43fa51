package dev.minikafka.storage.record;

import java.util.Objects;

/**
 * A record as read back from a log: its offset and what was written.
 *
 * @param offset the record's offset in its partition
 * @param data the timestamp, key, value and headers
 */
public record LogRecord(long offset, RecordData data) {

  /** Checks that the data is present. */
  public LogRecord {
    Objects.requireNonNull(data, "data");
  }

  /** The record's timestamp in milliseconds since the epoch. */
  public long timestamp() {
    return data.timestamp();
  }

  /** The key bytes, or null. */
  public byte[] key() {
    return data.key();
  }

  /** The value bytes, or null. */
  public byte[] value() {
    return data.value();
  }
}
