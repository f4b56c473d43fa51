package dev.minikafka.client;

/**
 * A position in a partition: its beginning, its end, the first record at or after a time, or an
 * exact offset. Used to look offsets up ({@link Admin#listOffset}) and to reset a group's ({@link
 * Admin#resetOffsets}).
 */
public sealed interface OffsetSpec {
  /** The first offset still stored. */
  static OffsetSpec earliest() {
    return Earliest.INSTANCE;
  }

  /** The high watermark: the offset the next record will get. */
  static OffsetSpec latest() {
    return Latest.INSTANCE;
  }

  /** The first offset whose record's timestamp is at or after {@code epochMillis}. */
  static OffsetSpec forTimestamp(long epochMillis) {
    return new ForTimestamp(epochMillis);
  }

  /** Exactly {@code offset} (for resets only). */
  static OffsetSpec offset(long offset) {
    return new Exact(offset);
  }

  /** The beginning of the partition. */
  enum Earliest implements OffsetSpec {
    /** The only instance. */
    INSTANCE
  }

  /** The end of the partition. */
  enum Latest implements OffsetSpec {
    /** The only instance. */
    INSTANCE
  }

  /**
   * The first record at or after a time.
   *
   * @param epochMillis the time
   */
  record ForTimestamp(long epochMillis) implements OffsetSpec {}

  /**
   * An exact offset.
   *
   * @param offset the offset, zero or more
   */
  record Exact(long offset) implements OffsetSpec {
    /** Checks the offset. */
    public Exact {
      if (offset < 0) {
        throw new IllegalArgumentException("offset must be >= 0, was " + offset);
      }
    }
  }
}
