package dev.minikafka.storage;

import dev.minikafka.core.errors.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-topic settings of a log, named and defaulted as Kafka names and defaults them.
 *
 * @param segmentBytes {@code segment.bytes}: roll to a new segment before one grows past this
 * @param segmentMs {@code segment.ms}: roll a segment this long after its first record
 * @param retentionBytes {@code retention.bytes}: delete the oldest segments while the log exceeds
 *     this; -1 for no limit
 * @param retentionMs {@code retention.ms}: delete segments whose newest record is older than this;
 *     -1 for no limit
 * @param maxMessageBytes {@code max.message.bytes}: the largest record batch accepted
 * @param indexIntervalBytes {@code index.interval.bytes}: bytes of log between index entries
 * @param segmentIndexBytes {@code segment.index.bytes}: roll when a segment's offset index would
 *     exceed this
 */
public record LogConfig(
    int segmentBytes,
    long segmentMs,
    long retentionBytes,
    long retentionMs,
    int maxMessageBytes,
    int indexIntervalBytes,
    int segmentIndexBytes) {

  /** {@code segment.bytes}. */
  public static final String SEGMENT_BYTES = "segment.bytes";

  /** {@code segment.ms}. */
  public static final String SEGMENT_MS = "segment.ms";

  /** {@code retention.bytes}. */
  public static final String RETENTION_BYTES = "retention.bytes";

  /** {@code retention.ms}. */
  public static final String RETENTION_MS = "retention.ms";

  /** {@code max.message.bytes}. */
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  /** {@code index.interval.bytes}. */
  public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";

  /** {@code segment.index.bytes}. */
  public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";

  /** The smallest segment size accepted; small sizes are for tests. */
  public static final int MIN_SEGMENT_BYTES = 128;

  private static final LogConfig DEFAULTS =
      new LogConfig(
          1 << 30, 7L * 24 * 3600 * 1000, -1, 7L * 24 * 3600 * 1000, 1 << 20, 4096, 10 << 20);

  /** Checks every value's range. */
  public LogConfig {
    atLeast(SEGMENT_BYTES, segmentBytes, MIN_SEGMENT_BYTES);
    atLeast(SEGMENT_MS, segmentMs, 1);
    atLeast(RETENTION_BYTES, retentionBytes, -1);
    atLeast(RETENTION_MS, retentionMs, -1);
    atLeast(MAX_MESSAGE_BYTES, maxMessageBytes, 64);
    atLeast(INDEX_INTERVAL_BYTES, indexIntervalBytes, 0);
    atLeast(SEGMENT_INDEX_BYTES, segmentIndexBytes, 64);
  }

  /** Kafka's defaults: 1 GiB segments, 7 days' retention, 1 MiB batches. */
  public static LogConfig defaults() {
    return DEFAULTS;
  }

  /**
   * This configuration with some values replaced, keyed by their Kafka names.
   *
   * @throws InvalidConfigException for an unknown key or a value out of range
   */
  public LogConfig with(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(toMap());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!all.containsKey(e.getKey())) {
        throw new InvalidConfigException(
            "unknown topic config '" + e.getKey() + "'; known are " + all.keySet());
      }
      all.put(e.getKey(), e.getValue());
    }
    return new LogConfig(
        intValue(all, SEGMENT_BYTES),
        longValue(all, SEGMENT_MS),
        longValue(all, RETENTION_BYTES),
        longValue(all, RETENTION_MS),
        intValue(all, MAX_MESSAGE_BYTES),
        intValue(all, INDEX_INTERVAL_BYTES),
        intValue(all, SEGMENT_INDEX_BYTES));
  }

  /** Every value keyed by its Kafka name, in a stable order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
    m.put(SEGMENT_MS, Long.toString(segmentMs));
    m.put(RETENTION_BYTES, Long.toString(retentionBytes));
    m.put(RETENTION_MS, Long.toString(retentionMs));
    m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
    m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
    m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
    return m;
  }

  /** Replaces {@code segment.bytes}. */
  public LogConfig withSegmentBytes(int bytes) {
    return with(Map.of(SEGMENT_BYTES, Integer.toString(bytes)));
  }

  /** Replaces {@code max.message.bytes}. */
  public LogConfig withMaxMessageBytes(int bytes) {
    return with(Map.of(MAX_MESSAGE_BYTES, Integer.toString(bytes)));
  }

  /** Replaces {@code retention.bytes} and {@code retention.ms}. */
  public LogConfig withRetention(long bytes, long ms) {
    return with(Map.of(RETENTION_BYTES, Long.toString(bytes), RETENTION_MS, Long.toString(ms)));
  }

  private static long longValue(Map<String, String> m, String key) {
    String v = m.get(key).trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key + " must be a whole number, was '" + v + "'", e);
    }
  }

  private static int intValue(Map<String, String> m, String key) {
    long v = longValue(m, key);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new InvalidConfigException(
          key + " must be at most " + Integer.MAX_VALUE + ", was " + v);
    }
    return (int) v;
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new InvalidConfigException(key + " must be at least " + min + ", was " + value);
    }
  }
}
