package dev.minikafka.broker.groups;

/** Where to move a position (seek) or a committed offset (reset). */
public sealed interface OffsetSpec {
  /** An exact offset, which must lie within the partition's log start and high watermark. */
  record At(long offset) implements OffsetSpec {}

  /** The first offset whose record timestamp is at or after {@code timestamp} (else the end). */
  record AtTimestamp(long timestamp) implements OffsetSpec {}

  /** The log start offset. */
  record Earliest() implements OffsetSpec {}

  /** The high watermark. */
  record Latest() implements OffsetSpec {}
}
