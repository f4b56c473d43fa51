package dev.minikafka.storage.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to be written: what a producer supplies, before the log gives it an offset.
 *
 * @param timestamp the record's create time in milliseconds since the epoch
 * @param key the key bytes, or null; not copied
 * @param value the value bytes, or null (a tombstone); not copied
 * @param headers the headers in order, never null
 */
// Arrays, not copies, to keep the hot path free of copying; equals and hashCode compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record RecordData(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {

  /** Copies the header list so that the record stays as it was made. */
  public RecordData {
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** A record with no headers. */
  public static RecordData of(long timestamp, byte[] key, byte[] value) {
    return new RecordData(timestamp, key, value, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordData r
        && timestamp == r.timestamp
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "RecordData[timestamp="
        + timestamp
        + ", key="
        + (key == null ? "null" : key.length + " bytes")
        + ", value="
        + (value == null ? "null" : value.length + " bytes")
        + ", headers="
        + headers
        + "]";
  }
}
