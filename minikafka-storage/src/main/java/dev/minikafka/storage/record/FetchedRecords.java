package dev.minikafka.storage.record;

import dev.minikafka.core.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;

/**
 * Whole record batches read from a log, as stored: what a Kafka fetch response carries verbatim,
 * and what the HTTP layer decodes into records.
 *
 * <p>Immutable and thread-safe; decoding makes new objects each call.
 */
public final class FetchedRecords {
  private static final FetchedRecords EMPTY = new FetchedRecords(ByteBuffer.allocate(0), "", 0);

  private final ByteBuffer buffer;
  private final String source;
  private final long sourcePosition;

  /**
   * Wraps batches read from a file.
   *
   * @param buffer whole batches from position to limit; the caller gives up the buffer
   * @param source the file they came from, named in corruption errors
   * @param sourcePosition the byte position in that file of the buffer's first byte
   */
  public FetchedRecords(ByteBuffer buffer, String source, long sourcePosition) {
    this.buffer = buffer.slice().asReadOnlyBuffer();
    this.source = source;
    this.sourcePosition = sourcePosition;
  }

  /** No batches. */
  public static FetchedRecords empty() {
    return EMPTY;
  }

  /** The size of the batches in bytes. */
  public int sizeInBytes() {
    return buffer.remaining();
  }

  /** Whether there is no batch. */
  public boolean isEmpty() {
    return !buffer.hasRemaining();
  }

  /** The batches' bytes, read-only, positioned at the first batch. */
  public ByteBuffer buffer() {
    return buffer.duplicate();
  }

  /** The header facts of each batch, positions relative to the first batch. */
  public List<BatchInfo> batches() {
    List<BatchInfo> out = new ArrayList<>();
    forEachBatch(
        (batch, position) ->
            out.add(
                new BatchInfo(
                    position,
                    batch.sizeInBytes(),
                    batch.baseOffset(),
                    batch.lastOffset(),
                    batch.maxTimestamp())));
    return out;
  }

  /**
   * Decodes every record, checking each batch's CRC first.
   *
   * @throws CorruptRecordException naming the file and position of a batch that fails its check
   */
  public List<LogRecord> records() {
    return records(Long.MIN_VALUE);
  }

  /**
   * Decodes the records at or after {@code fromOffset}; the first batch may begin before it.
   *
   * @throws CorruptRecordException naming the file and position of a batch that fails its check
   */
  public List<LogRecord> records(long fromOffset) {
    List<LogRecord> out = new ArrayList<>();
    forEachBatch(
        (batch, position) -> {
          if (batch.lastOffset() < fromOffset) {
            return;
          }
          if (!batch.isValid()) {
            throw corrupt(position, "CRC mismatch");
          }
          try {
            for (Record r : batch) {
              if (r.offset() >= fromOffset) {
                out.add(new LogRecord(r.offset(), toData(r)));
              }
            }
          } catch (KafkaException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt(position, "records do not decode: " + e.getMessage());
          }
        });
    return out;
  }

  @FunctionalInterface
  private interface BatchAction {
    void accept(MutableRecordBatch batch, int position);
  }

  private void forEachBatch(BatchAction action) {
    int position = buffer.position();
    while (position < buffer.limit()) {
      int remaining = buffer.limit() - position;
      int size =
          remaining < Batches.LOG_OVERHEAD
              ? -1
              : buffer.getInt(position + Batches.SIZE_OFFSET) + Batches.LOG_OVERHEAD;
      if (size < Batches.BATCH_HEADER_BYTES || size > remaining) {
        throw corrupt(position, "incomplete batch (" + remaining + " bytes left)");
      }
      action.accept(Batches.batchAt(buffer, position, size), position);
      position += size;
    }
  }

  private CorruptRecordException corrupt(int position, String what) {
    return new CorruptRecordException(
        source + " at byte " + (sourcePosition + position) + ": " + what);
  }

  private static RecordData toData(Record r) {
    Header[] headers = r.headers();
    List<RecordHeader> hs = new ArrayList<>(headers.length);
    for (Header h : headers) {
      hs.add(new RecordHeader(h.key(), h.value()));
    }
    return new RecordData(r.timestamp(), bytes(r.key()), bytes(r.value()), hs);
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Override
  public String toString() {
    return "FetchedRecords[" + sizeInBytes() + " bytes from " + source + "]";
  }
}
