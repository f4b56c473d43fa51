package dev.minikafka.storage.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.MutableRecordBatch;

/**
 * Record batches that passed validation and wait to be appended: their bytes, and the facts about
 * them the log needs (sizes, offset counts, timestamps).
 *
 * <p>Appending rewrites only each batch's base offset and partition leader epoch, the two header
 * fields outside the CRC, so a client's batch is stored byte for byte otherwise.
 *
 * <p>Not thread-safe: one appender owns an instance from validation to write.
 */
public final class IncomingBatches {
  private final ByteBuffer buffer;
  private final List<MutableRecordBatch> batches;
  private final int offsetCount;
  private final long maxTimestamp;

  IncomingBatches(ByteBuffer buffer, List<MutableRecordBatch> batches) {
    this.buffer = buffer;
    this.batches = batches;
    long offsets = 0;
    long maxTs = -1;
    for (MutableRecordBatch b : batches) {
      offsets += b.lastOffset() - b.baseOffset() + 1;
      maxTs = Math.max(maxTs, b.maxTimestamp());
    }
    if (offsets > Integer.MAX_VALUE) {
      throw new dev.minikafka.core.errors.InvalidRecordException(
          "batches span " + offsets + " offsets; at most " + Integer.MAX_VALUE);
    }
    this.offsetCount = (int) offsets;
    this.maxTimestamp = maxTs;
  }

  /** The total size of all batches in bytes. */
  public int sizeInBytes() {
    return buffer.remaining();
  }

  /** The number of batches. */
  public int batchCount() {
    return batches.size();
  }

  /** The number of offsets the batches take, which is the number of records they hold. */
  public int offsetCount() {
    return offsetCount;
  }

  /** The largest record timestamp in any batch, or -1 when none has one. */
  public long maxTimestamp() {
    return maxTimestamp;
  }

  /** The largest single batch, in bytes. */
  public int largestBatchBytes() {
    int max = 0;
    for (MutableRecordBatch b : batches) {
      max = Math.max(max, b.sizeInBytes());
    }
    return max;
  }

  /**
   * Each batch's producer fields as its header carries them (id, epoch and sequences -1 for a batch
   * without a producer), with offsets relative to the first batch's, as the client wrote them.
   */
  public List<ProducerBatch> producerFields() {
    List<ProducerBatch> out = new ArrayList<>(batches.size());
    for (MutableRecordBatch b : batches) {
      out.add(
          new ProducerBatch(
              b.producerId(),
              b.producerEpoch(),
              b.baseSequence(),
              b.lastSequence(),
              b.baseOffset(),
              b.lastOffset()));
    }
    return out;
  }

  /**
   * Gives the batches consecutive offsets starting at {@code firstOffset} and stamps the leader
   * epoch, rewriting the two header fields the CRC does not cover.
   *
   * @return each batch's header facts, positions relative to the start of {@link #buffer()}
   */
  public List<BatchInfo> assignOffsets(long firstOffset, int leaderEpoch) {
    List<BatchInfo> infos = new ArrayList<>(batches.size());
    long next = firstOffset;
    int position = 0;
    for (MutableRecordBatch b : batches) {
      long span = b.lastOffset() - b.baseOffset();
      b.setLastOffset(next + span);
      b.setPartitionLeaderEpoch(leaderEpoch);
      infos.add(new BatchInfo(position, b.sizeInBytes(), next, next + span, b.maxTimestamp()));
      position += b.sizeInBytes();
      next += span + 1;
    }
    return infos;
  }

  /** A read-only view of the batches' bytes, positioned at the first batch. */
  public ByteBuffer buffer() {
    return buffer.asReadOnlyBuffer();
  }
}
