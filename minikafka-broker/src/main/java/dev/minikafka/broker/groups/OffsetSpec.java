package dev.minikafka.broker.groups;

import dev.minikafka.core.errors.InvalidRequestException;

/** Where to move a position (seek) or a committed offset (reset). */
public sealed interface OffsetSpec {
  /** An exact offset, which must lie within the partition's log start and high watermark. */
  record At(long offset) implements OffsetSpec {}

  /**
   * The first offset whose record timestamp is at or after {@code timestamp} (else the end).
   *
   * @param timestamp milliseconds since the epoch, not negative (Kafka's -1 and -2 stand for latest
   *     and earliest in its protocol; here those are {@link Latest} and {@link Earliest})
   */
  record AtTimestamp(long timestamp) implements OffsetSpec {
    /**
     * Checks the timestamp.
     *
     * @throws InvalidRequestException when negative
     */
    public AtTimestamp {
      if (timestamp < 0) {
        throw new InvalidRequestException("a timestamp must not be negative, was " + timestamp);
      }
    }
  }

  /** The log start offset. */
  record Earliest() implements OffsetSpec {}

  /** The high watermark. */
  record Latest() implements OffsetSpec {}
}
