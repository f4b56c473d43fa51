package dev.minikafka.broker;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.FetchedRecords;
import java.util.List;

/**
 * Whole record batches read from one partition, as stored (or re-encoded without compression for a
 * reader that does not decode their codec), with the offsets around them.
 *
 * <p>The first batch may begin before {@code fetchOffset}: batches are never cut, so a reader drops
 * the records below it. {@code nextOffset} is one past the last batch's last offset, which may be
 * past the limit on records the read was given, for the same reason.
 *
 * @param partition where they are stored
 * @param fetchOffset the offset the read started from
 * @param nextOffset where the next read starts: one past the last batch, else {@code fetchOffset}
 * @param highWatermark one past the last offset readers may see, when read
 * @param logStartOffset the first offset still in the log, when read
 * @param batches the batches, in offset order; empty when none were read
 */
public record PartitionBatches(
    TopicPartition partition,
    long fetchOffset,
    long nextOffset,
    long highWatermark,
    long logStartOffset,
    List<FetchedRecords> batches) {

  /** Copies the list. */
  public PartitionBatches {
    batches = List.copyOf(batches);
  }

  /** The bytes of all batches. */
  public int sizeInBytes() {
    int size = 0;
    for (FetchedRecords b : batches) {
      size += b.sizeInBytes();
    }
    return size;
  }
}
