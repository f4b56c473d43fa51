package dev.minikafka.storage.record;

import dev.minikafka.core.errors.CorruptRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * Whole record batches read from a log, as stored: what a Kafka fetch response carries verbatim,
 * and what the HTTP layer decodes into records.
 *
 * <p>Immutable and thread-safe; decoding makes new objects each call.
 */
public final class FetchedRecords {
  private static final FetchedRecords EMPTY = new FetchedRecords(ByteBuffer.allocate(0), "", 0);

  /** Where a v2 batch's attributes are, and which of their bits name the compression codec. */
  private static final int ATTRIBUTES_OFFSET = 21;

  private static final int COMPRESSION_CODEC_MASK = 0x07;

  private final ByteBuffer buffer;

  /**
   * The same bytes as {@link #buffer}, writable but never written nor handed out; batches are
   * checked and decoded from this view because kafka-clients checksums a heap buffer without an
   * accessible array (a read-only one) a byte at a time, an order of magnitude slower.
   */
  private final ByteBuffer decodable;

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
    this.decodable = buffer.slice();
    this.buffer = decodable.asReadOnlyBuffer();
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
        (batch, position) -> {
          out.add(
              new BatchInfo(
                  position,
                  batch.sizeInBytes(),
                  batch.baseOffset(),
                  batch.lastOffset(),
                  batch.maxTimestamp()));
          return true;
        });
    return out;
  }

  /** The producer fields and offsets of each batch, from the headers alone. */
  public List<ProducerBatch> producerBatches() {
    List<ProducerBatch> out = new ArrayList<>();
    forEachBatch(
        (batch, position) -> {
          out.add(
              new ProducerBatch(
                  batch.producerId(),
                  batch.producerEpoch(),
                  batch.baseSequence(),
                  batch.lastSequence(),
                  batch.baseOffset(),
                  batch.lastOffset()));
          return true;
        });
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
    return records(fromOffset, Integer.MAX_VALUE);
  }

  /**
   * Decodes at most {@code maxRecords} records at or after {@code fromOffset}, and no batch after
   * the one holding the last of them: a reader that wants a few records of a large read pays for
   * those, not for the whole read.
   *
   * @throws CorruptRecordException naming the file and position of a batch that fails its check
   */
  public List<LogRecord> records(long fromOffset, int maxRecords) {
    if (maxRecords <= 0) {
      throw new IllegalArgumentException("maxRecords must be positive, was " + maxRecords);
    }
    List<LogRecord> out = new ArrayList<>();
    forEachBatch(
        (batch, position) -> {
          if (batch.lastOffset() < fromOffset) {
            return true;
          }
          if (!batch.isValid()) {
            throw corrupt(position, "CRC mismatch");
          }
          try {
            for (Record r : uncompressed(batch, position)) {
              if (r.offset() >= fromOffset) {
                out.add(new LogRecord(r.offset(), toData(r)));
                if (out.size() == maxRecords) {
                  return false;
                }
              }
            }
          } catch (KafkaException
              | IllegalArgumentException
              | IndexOutOfBoundsException
              | IOException e) {
            throw corrupt(position, "records do not decode: " + e.getMessage());
          }
          return true;
        });
    return out;
  }

  /**
   * The batch itself when it is not compressed, else a copy with its records inflated. Over a
   * compressed batch, kafka-clients' iterator sizes a list by the header's record count and each
   * record's buffer by its length prefix before it compares them with the bytes there are, so a
   * corrupt batch could make it allocate gigabytes; over uncompressed records it checks first.
   */
  private RecordBatch uncompressed(MutableRecordBatch batch, int position) throws IOException {
    if (!(batch instanceof DefaultRecordBatch compressed) || !compressed.isCompressed()) {
      return batch;
    }
    byte[] records;
    try (InputStream in = compressed.recordInputStream(BufferSupplier.NO_CACHING)) {
      records = in.readAllBytes();
    } catch (VirtualMachineError | LinkageError e) {
      throw e;
    } catch (Error e) {
      // snappy-java reports some malformed input with an Error (SnappyError), not an IOException.
      throw new IOException(e.getMessage(), e);
    }
    ByteBuffer plain = ByteBuffer.allocate(Batches.BATCH_HEADER_BYTES + records.length);
    plain.put(Batches.slice(decodable, position, Batches.BATCH_HEADER_BYTES)).put(records).flip();
    plain.putInt(Batches.SIZE_OFFSET, plain.limit() - Batches.LOG_OVERHEAD);
    short attributes = plain.getShort(ATTRIBUTES_OFFSET);
    plain.putShort(ATTRIBUTES_OFFSET, (short) (attributes & ~COMPRESSION_CODEC_MASK));
    return Batches.batchAt(plain, 0, plain.limit());
  }

  @FunctionalInterface
  private interface BatchAction {
    /** Handles one batch; returns whether to go on to the next. */
    boolean accept(MutableRecordBatch batch, int position);
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
      byte magic = buffer.get(position + Records.MAGIC_OFFSET);
      if (magic != RecordBatch.MAGIC_VALUE_V2) {
        throw corrupt(position, "magic " + magic + ", expected 2");
      }
      if (!action.accept(Batches.batchAt(decodable, position, size), position)) {
        return;
      }
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
