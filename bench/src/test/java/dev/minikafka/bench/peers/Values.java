package dev.minikafka.bench.peers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;

/** Test values: distinct, of a given size, readable in failure messages. */
final class Values {
  private Values() {}

  /** {@code value-<i>-} padded with dots to {@code size} bytes. */
  static byte[] of(int i, int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) '.');
    byte[] prefix = ("value-" + i + "-").getBytes(UTF_8);
    System.arraycopy(prefix, 0, value, 0, prefix.length);
    return value;
  }

  /** The {@code i} of a value made by {@link #of}, read back as a string. */
  static int index(String value) {
    return Integer.parseInt(
        value.substring("value-".length(), value.indexOf('-', "value-".length())));
  }

  static List<String> strings(List<byte[]> values) {
    return values.stream().map(v -> new String(v, UTF_8)).toList();
  }
}
