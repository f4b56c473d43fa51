package dev.minikafka.storage.record;

import dev.minikafka.core.errors.CorruptRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.Crc32C;

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

  /** Where a v2 batch's CRC-32C is; it covers every byte from the attributes to the end. */
  private static final int CRC_OFFSET = 17;

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
   * The last offset of the last batch, from its header; -1 when there is no batch.
   *
   * @throws CorruptRecordException when the bytes are not whole v2 batches
   */
  public long lastOffset() {
    long[] last = {-1};
    forEachBatch(
        (batch, position) -> {
          last[0] = batch.lastOffset();
          return true;
        });
    return last[0];
  }

  /**
   * The first batches, whole, up to and including the one in which the records at or after {@code
   * fromOffset} reach {@code maxRecords} (counted by offset span from the headers, no record
   * decoded); this object itself when that is all of them. At least one batch is kept.
   *
   * @throws CorruptRecordException when the bytes are not whole v2 batches
   */
  public FetchedRecords upToRecords(long fromOffset, int maxRecords) {
    int[] end = {0};
    long[] counted = {0};
    forEachBatch(
        (batch, position) -> {
          counted[0] += batch.lastOffset() - Math.max(batch.baseOffset(), fromOffset) + 1;
          end[0] = position + batch.sizeInBytes();
          return counted[0] < maxRecords;
        });
    if (end[0] == buffer.remaining()) {
      return this;
    }
    return new FetchedRecords(Batches.slice(decodable, 0, end[0]), source, sourcePosition);
  }

  /**
   * These batches for a reader that decodes only {@code codecs}: a batch compressed with another
   * codec is replaced by the same batch uncompressed (same offsets, timestamps, producer fields and
   * records; codec bits cleared, length and CRC-32C recomputed); the others are kept byte for byte.
   * This object itself when no batch needs it. The CRC of a batch that is re-encoded is checked
   * first, so a corrupt batch is never given a fresh, valid CRC.
   *
   * @param codecs the codecs the reader decodes; {@link Compression#NONE} is implied
   * @throws CorruptRecordException naming the file and position of a batch that fails its check or
   *     does not decompress
   */
  public FetchedRecords decodableWith(Set<Compression> codecs) {
    List<ByteBuffer> parts = new ArrayList<>();
    boolean[] changed = {false};
    forEachBatch(
        (batch, position) -> {
          ByteBuffer verbatim = Batches.slice(decodable, position, batch.sizeInBytes());
          Compression codec = Compression.of(batch.compressionType());
          if (codec == Compression.NONE || codecs.contains(codec)) {
            parts.add(verbatim);
            return true;
          }
          if (!(batch instanceof DefaultRecordBatch v2) || !batch.isValid()) {
            throw corrupt(position, "CRC mismatch");
          }
          ByteBuffer plain;
          try {
            plain = inflated(v2, position);
          } catch (KafkaException | IllegalArgumentException | IOException e) {
            throw corrupt(position, "records do not decompress: " + e.getMessage());
          }
          plain.putInt(
              CRC_OFFSET,
              (int) Crc32C.compute(plain, ATTRIBUTES_OFFSET, plain.limit() - ATTRIBUTES_OFFSET));
          parts.add(plain);
          changed[0] = true;
          return true;
        });
    if (!changed[0]) {
      return this;
    }
    int size = 0;
    for (ByteBuffer b : parts) {
      size += b.remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (ByteBuffer b : parts) {
      out.put(b);
    }
    return new FetchedRecords(out.flip(), source + " (re-encoded without compression)", 0);
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
    ByteBuffer plain = inflated(compressed, position);
    return Batches.batchAt(plain, 0, plain.limit());
  }

  /**
   * A copy of a compressed batch with its records inflated: the header as it is, apart from the
   * length field and the codec bits; the CRC is left stale.
   */
  private ByteBuffer inflated(DefaultRecordBatch batch, int position) throws IOException {
    byte[] records;
    try (InputStream in = batch.recordInputStream(BufferSupplier.NO_CACHING)) {
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
    return plain;
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
