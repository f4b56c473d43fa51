package dev.minikafka.broker;

/** Which offset of a partition to look up. */
public sealed interface OffsetSpec {
  /** The first offset still in the log. */
  record Earliest() implements OffsetSpec {}

  /** The high watermark: the offset the next record will get. */
  record Latest() implements OffsetSpec {}

  /**
   * The first offset whose record's timestamp is at or after {@code timestamp}.
   *
   * @param timestamp milliseconds since the epoch, not negative
   */
  record AtTimestamp(long timestamp) implements OffsetSpec {}
}
