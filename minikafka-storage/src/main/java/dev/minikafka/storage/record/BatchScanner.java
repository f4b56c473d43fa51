package dev.minikafka.storage.record;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Walks the batches of a segment file, reading it in large chunks, and reports each batch's header
 * facts to a visitor. It stops at the first batch that does not hold up (a length that does not fit
 * the file, a wrong magic, with {@code validate} a CRC mismatch or offsets that go backwards) and
 * says where and why, so that the caller decides between truncating a torn tail and reporting
 * corruption.
 *
 * <p>Not thread-safe; make one per scan. The channel is only read with positional reads.
 */
public final class BatchScanner {
  /** Receives each batch in file order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Handles one batch.
     *
     * @param batch the batch's position and header facts
     * @param bytes the whole batch (position 0 to its limit), valid only during the call; null in a
     *     {@link #scanHeaders header-only scan}
     * @return true to go on, false to stop the scan after this batch
     */
    boolean visit(BatchInfo batch, ByteBuffer bytes);
  }

  /**
   * How a scan ended.
   *
   * @param validEnd the position just past the last batch that held up
   * @param lastOffset the last offset of that batch, or the scan's starting bound minus one
   * @param problem why the scan stopped before the end, or null when it reached the end or the
   *     visitor stopped it
   */
  public record Outcome(int validEnd, long lastOffset, String problem) {
    /** Whether the scan stopped at a batch that did not hold up. */
    public boolean failed() {
      return problem != null;
    }
  }

  // Fields of the v2 batch header (KIP-98) that kafka-clients does not make public.
  private static final int CRC_OFFSET = DefaultRecordBatch.CRC_OFFSET;
  private static final int ATTRIBUTES_OFFSET = CRC_OFFSET + 4;
  private static final int LAST_OFFSET_DELTA_OFFSET = DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET;
  private static final int MAX_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + 4 + 8;

  private final FileChannel channel;
  private final String source;
  private final int chunkBytes;
  // Allocated by the first scan, no larger than its range: a lookup near the end of a file scans
  // a few hundred bytes, and a full 16 KiB chunk for each was about a tenth of the broker's
  // allocation with a consumer following a topic at 1,000 records/s.
  private ByteBuffer chunk;

  /**
   * Creates a scanner over one file.
   *
   * @param channel the file, read with positional reads only
   * @param source the file's name, used in problem descriptions
   * @param chunkBytes how much to read at once (less when a scan's range is smaller); grows when a
   *     single batch is larger
   */
  public BatchScanner(FileChannel channel, String source, int chunkBytes) {
    this.channel = channel;
    this.source = source;
    this.chunkBytes = Math.max(chunkBytes, Batches.BATCH_HEADER_BYTES);
  }

  /**
   * Scans from {@code from} up to {@code end}.
   *
   * @param from a position known to start a batch
   * @param end the position to stop at, at most the file's size
   * @param minBaseOffset the lowest base offset the first batch may have; each later batch must
   *     start after the previous one's last offset
   * @param validate whether to check each batch's CRC
   * @param visitor receives every batch that holds up
   */
  public Outcome scan(int from, int end, long minBaseOffset, boolean validate, Visitor visitor)
      throws IOException {
    return scan(from, end, minBaseOffset, validate, false, visitor);
  }

  /**
   * Scans as {@link #scan(int, int, long, boolean, Visitor)} does without validation, for a visitor
   * that needs only the header facts (its {@code bytes} are null): a batch larger than the chunk is
   * stepped over from its header instead of read whole. An offset search that meets batches of
   * hundreds of kilobytes then reads a chunk per batch, not each batch.
   */
  public Outcome scanHeaders(int from, int end, long minBaseOffset, Visitor visitor)
      throws IOException {
    return scan(from, end, minBaseOffset, false, false, true, visitor);
  }

  /**
   * Scans as {@link #scan(int, int, long, boolean, Visitor)} does; with {@code dense}, also stops
   * at a batch that does not start exactly at {@code minBaseOffset} (the first) or right after the
   * previous one's last offset. The base offset is outside the CRC, so only this catches a damaged
   * one that jumps ahead, in a file written without gaps.
   */
  public Outcome scan(
      int from, int end, long minBaseOffset, boolean validate, boolean dense, Visitor visitor)
      throws IOException {
    return scan(from, end, minBaseOffset, validate, dense, false, visitor);
  }

  private Outcome scan(
      int from,
      int end,
      long minBaseOffset,
      boolean validate,
      boolean dense,
      boolean headersOnly,
      Visitor visitor)
      throws IOException {
    int position = from;
    long lastOffset = minBaseOffset - 1;
    int wanted = Math.max(Batches.BATCH_HEADER_BYTES, Math.min(chunkBytes, end - from));
    if (chunk == null || chunk.capacity() < wanted) {
      chunk = allocate(wanted);
    }
    while (position < end) {
      int remaining = end - position;
      if (remaining < Records.HEADER_SIZE_UP_TO_MAGIC) {
        return new Outcome(
            position,
            lastOffset,
            problem(position, remaining + " trailing bytes, less than a batch header"));
      }
      int want = Math.min(chunk.capacity(), remaining);
      read(position, want);
      int cursor = 0;
      while (want - cursor >= Records.HEADER_SIZE_UP_TO_MAGIC) {
        int at = position + cursor;
        int size = chunk.getInt(cursor + Records.SIZE_OFFSET) + Records.LOG_OVERHEAD;
        byte magic = chunk.get(cursor + Records.MAGIC_OFFSET);
        if (size < Batches.BATCH_HEADER_BYTES) {
          return new Outcome(at, lastOffset, problem(at, "length field says " + size + " bytes"));
        }
        if (magic != RecordBatch.MAGIC_VALUE_V2) {
          return new Outcome(at, lastOffset, problem(at, "magic " + magic + ", expected 2"));
        }
        if (size > end - at) {
          return new Outcome(
              at,
              lastOffset,
              problem(at, "batch claims " + size + " bytes but only " + (end - at) + " remain"));
        }
        boolean whole = size <= want - cursor;
        if (!whole && !(headersOnly && want - cursor >= Batches.BATCH_HEADER_BYTES)) {
          // Read again from this batch. A header-only scan lands here only with cursor > 0: a
          // chunk holds a header, and the batch (header included) fits before the end.
          if (cursor == 0) {
            chunk = allocate(size);
          }
          break;
        }
        // Header fields are read in place: a batch object (and its buffers) per batch made the
        // recovery of small batches allocation-bound. The CRC is kafka-clients' own, over the same
        // bytes DefaultRecordBatch.isValid() checks.
        long baseOffset = chunk.getLong(cursor);
        long batchLastOffset = baseOffset + chunk.getInt(cursor + LAST_OFFSET_DELTA_OFFSET);
        if (validate
            && Integer.toUnsignedLong(chunk.getInt(cursor + CRC_OFFSET))
                != Crc32C.compute(chunk, cursor + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET)) {
          return new Outcome(at, lastOffset, problem(at, "CRC mismatch"));
        }
        if (baseOffset <= lastOffset
            || batchLastOffset < baseOffset
            || (dense && baseOffset != lastOffset + 1)) {
          return new Outcome(
              at,
              lastOffset,
              problem(
                  at,
                  "offsets "
                      + baseOffset
                      + ".."
                      + batchLastOffset
                      + " do not follow offset "
                      + lastOffset));
        }
        BatchInfo info =
            new BatchInfo(
                at,
                size,
                baseOffset,
                batchLastOffset,
                chunk.getLong(cursor + MAX_TIMESTAMP_OFFSET));
        lastOffset = batchLastOffset;
        if (!visitor.visit(info, headersOnly ? null : chunk.slice(cursor, size))) {
          return new Outcome(at + size, lastOffset, null);
        }
        cursor += size;
        if (!whole) {
          break; // the chunk ends inside this batch: go on reading after it
        }
      }
      position += cursor;
    }
    return new Outcome(position, lastOffset, null);
  }

  /**
   * Large chunks (recovery scans) are direct, so the file is read without an extra copy; small ones
   * (offset searches on the read path) are on the heap, which is cheaper to allocate.
   */
  private static ByteBuffer allocate(int bytes) {
    return bytes >= 256 * 1024 ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes);
  }

  private void read(int position, int length) throws IOException {
    chunk.clear().limit(length);
    long at = position;
    while (chunk.hasRemaining()) {
      int n = channel.read(chunk, at);
      if (n < 0) {
        throw new EOFException(source + ": file ended at " + at + " while reading");
      }
      at += n;
    }
    chunk.flip();
  }

  private String problem(int position, String what) {
    return source + " at byte " + position + ": " + what;
  }
}
