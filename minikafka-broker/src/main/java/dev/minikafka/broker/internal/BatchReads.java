package dev.minikafka.broker.internal;

import dev.minikafka.broker.PartitionBatches;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.storage.LogReadResult;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.FetchedRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads whole batches of one partition for a reader that decodes them itself: no record is decoded
 * here (only batch headers are read), except that a batch in a codec the reader does not decode is
 * inflated and handed out uncompressed.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchReads {
  private BatchReads() {}

  /**
   * Reads batches from {@code offset} until the records at or after it reach {@code maxRecords}
   * (the batch that reaches it comes whole), their stored bytes would pass {@code maxBytes}, or the
   * high watermark. A first batch larger than {@code maxBytes} comes whole if {@code minOneBatch}
   * (so that any batch can be read), else nothing is read. Nothing at or past the high watermark is
   * read.
   *
   * @param offset at least the log start and at most the high watermark
   * @param minOneBatch whether the first batch comes whatever its size: true unless the caller's
   *     answer already holds batches of another partition
   * @param codecs the codecs the reader decodes; {@link Compression#NONE} is implied
   * @throws OffsetOutOfRangeException when {@code offset} is outside the log
   */
  public static PartitionBatches read(
      TopicPartition tp,
      PartitionLog log,
      long offset,
      int maxRecords,
      long maxBytes,
      boolean minOneBatch,
      Set<Compression> codecs) {
    List<FetchedRecords> out = new ArrayList<>();
    long next = offset;
    long bytes = 0;
    long records = 0;
    LogReadResult read = log.read(next, budget(maxBytes), minOneBatch);
    while (true) {
      FetchedRecords batches = read.records();
      if (batches.isEmpty()) {
        break;
      }
      batches = batches.upToRecords(next, (int) Math.min(Integer.MAX_VALUE, maxRecords - records));
      int size = batches.sizeInBytes();
      long last = batches.lastOffset();
      records += last + 1 - next;
      bytes += size;
      out.add(batches.decodableWith(codecs));
      next = last + 1;
      if (records >= maxRecords || bytes >= maxBytes || next >= read.highWatermark()) {
        break;
      }
      // A read stops at the end of a segment; go on into the next one while there is room, for
      // whole batches that fit only: a larger one waits for the next read instead of being read
      // here and dropped.
      try {
        read = log.read(next, budget(maxBytes - bytes), false);
      } catch (OffsetOutOfRangeException truncated) {
        break; // retention or a cut moved the log since the first read: return what was read
      }
    }
    return new PartitionBatches(tp, offset, next, read.highWatermark(), read.logStartOffset(), out);
  }

  private static int budget(long bytes) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes));
  }
}
