package dev.minikafka.broker;

import dev.minikafka.core.errors.MiniKafkaException;
import java.util.Objects;

/** What became of one record of a produce request: stored, or failed with its partition's log. */
public sealed interface RecordResult {
  /** The partition the record was placed on. */
  int partition();

  /**
   * The record is stored with the durability of the flush policy.
   *
   * @param partition where it went
   * @param offset its offset there
   * @param timestamp its timestamp as stored
   * @param duplicate whether an idempotent producer's earlier attempt stored it, and this request
   *     stored nothing
   */
  record Stored(int partition, long offset, long timestamp, boolean duplicate)
      implements RecordResult {}

  /**
   * The record's partition failed while writing (disk full, failed fsync); the record is not
   * stored.
   *
   * @param partition where it was to go
   * @param error why it failed
   */
  record Failed(int partition, MiniKafkaException error) implements RecordResult {
    /** Checks that the error is present. */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
