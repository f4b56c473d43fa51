package dev.minikafka.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header. Kafka allows the same key twice, so records carry a list of these.
 *
 * @param key the header's name, not null
 * @param value its bytes, or null
 */
// Bytes as Kafka's client hands them out, without a copy per access; equals and hashCode
// compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record Header(String key, byte[] value) {
  /** Checks that the key is present. */
  public Header {
    Objects.requireNonNull(key, "header key");
  }

  /** A header whose value is the UTF-8 bytes of {@code value} (null stays null). */
  public static Header of(String key, String value) {
    return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** The value decoded as UTF-8, or null. */
  public String valueAsString() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Header[" + key + "=" + (value == null ? "null" : value.length + " bytes") + "]";
  }
}
