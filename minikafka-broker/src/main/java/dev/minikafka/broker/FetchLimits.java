package dev.minikafka.broker;

import dev.minikafka.core.errors.InvalidRequestException;

/**
 * How much a read may return and how long it may wait. Out-of-range values are refused, never
 * clamped.
 *
 * @param maxRecords at most this many records, 1 to {@value #MAX_RECORDS}
 * @param maxBytes at most about this many bytes of stored batches, 1 to {@value #MAX_BYTES}; the
 *     first batch comes back whole even when it alone is larger, so a record that is available is
 *     always returned
 * @param timeoutMs how long to wait for a record when there is none yet, 0 to {@value
 *     #MAX_TIMEOUT_MS}
 */
public record FetchLimits(int maxRecords, int maxBytes, long timeoutMs) {
  /** The most records one read returns. */
  public static final int MAX_RECORDS = 10_000;

  /** The default of {@code maxRecords}. */
  public static final int DEFAULT_MAX_RECORDS = 500;

  /** The largest {@code maxBytes}: 64 MiB. */
  public static final int MAX_BYTES = 64 << 20;

  /** The default of {@code maxBytes}: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  /** The longest wait: five minutes. */
  public static final long MAX_TIMEOUT_MS = 300_000;

  /** Checks the ranges. */
  public FetchLimits {
    check("max_records", maxRecords, 1, MAX_RECORDS);
    check("max_bytes", maxBytes, 1, MAX_BYTES);
    check("timeout_ms", timeoutMs, 0, MAX_TIMEOUT_MS);
  }

  /**
   * Limits from values that may be out of an int's range, each checked before it is narrowed.
   *
   * @throws InvalidRequestException naming the first value out of its range
   */
  public static FetchLimits of(long maxRecords, long maxBytes, long timeoutMs) {
    check("max_records", maxRecords, 1, MAX_RECORDS);
    check("max_bytes", maxBytes, 1, MAX_BYTES);
    return new FetchLimits((int) maxRecords, (int) maxBytes, timeoutMs);
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
