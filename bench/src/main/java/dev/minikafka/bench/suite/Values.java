package dev.minikafka.bench.suite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Record values of a given size that carry a sequence number: its decimal digits, a {@code '-'},
 * then {@code 'x'} up to the size. Plain ASCII, so that systems whose API takes text (the classroom
 * {@code /produce}) carry the same bytes as the binary ones. Stateless and thread-safe.
 */
public final class Values {
  private Values() {}

  /**
   * The value numbered {@code sequence}, {@code size} bytes long (longer when the number does not
   * fit).
   */
  public static byte[] of(long sequence, int size) {
    byte[] digits = (sequence + "-").getBytes(StandardCharsets.US_ASCII);
    byte[] value = new byte[Math.max(size, digits.length)];
    Arrays.fill(value, (byte) 'x');
    System.arraycopy(digits, 0, value, 0, digits.length);
    return value;
  }

  /** The sequence number a value made by {@link #of} starts with, or -1 if it has none. */
  public static long sequence(byte[] value) {
    long n = 0;
    int i = 0;
    for (; i < value.length && value[i] >= '0' && value[i] <= '9'; i++) {
      n = n * 10 + (value[i] - '0');
    }
    return i > 0 && i < value.length && value[i] == '-' ? n : -1;
  }
}
