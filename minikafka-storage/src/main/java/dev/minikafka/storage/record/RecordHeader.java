package dev.minikafka.storage.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a string key and bytes, as in Kafka.
 *
 * @param key the header's name, never null
 * @param value the header's bytes, or null; not copied, so callers must not change the array
 */
// Arrays, not copies, to keep the hot path free of copying; equals and hashCode compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record RecordHeader(String key, byte[] value) {

  /** Checks that the key is present. */
  public RecordHeader {
    Objects.requireNonNull(key, "header key");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + (value == null ? "null" : value.length + " bytes");
  }
}
