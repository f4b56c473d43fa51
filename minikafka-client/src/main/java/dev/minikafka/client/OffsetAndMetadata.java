package dev.minikafka.client;

/**
 * An offset to commit: the next offset the group should read (Kafka's convention), with optional
 * metadata text.
 *
 * @param offset the next offset to read, zero or more
 * @param metadata free text stored with the offset, or null
 */
public record OffsetAndMetadata(long offset, String metadata) {
  /** Checks the offset. */
  public OffsetAndMetadata {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }

  /** An offset without metadata. */
  public static OffsetAndMetadata of(long offset) {
    return new OffsetAndMetadata(offset, null);
  }
}
