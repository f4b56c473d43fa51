package dev.minikafka.storage.record;

import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.InvalidRecordException;
import dev.minikafka.core.errors.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.TimestampType;

/**
 * Encoding and validation of record batches in Kafka's v2 format, done by kafka-clients' record
 * classes. This package is the only one of minikafka's that touches those classes.
 *
 * <p>Stateless and thread-safe.
 */
public final class Batches {
  /** Bytes before a batch's length field ends: base offset (8) and length (4). */
  public static final int LOG_OVERHEAD = Records.LOG_OVERHEAD;

  /** The size of a v2 batch header; no batch is smaller. */
  public static final int BATCH_HEADER_BYTES = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

  /** Where a batch's length field starts. */
  static final int SIZE_OFFSET = Records.SIZE_OFFSET;

  private static final int MAGIC_OFFSET = Records.MAGIC_OFFSET;

  /** Shared by every record without headers; kafka-clients only reads it. */
  private static final Header[] NO_HEADERS = new Header[0];

  private Batches() {}

  /**
   * Encodes records into one batch with base offset 0 and create-time timestamps; the log assigns
   * real offsets when it appends the batch.
   */
  public static ByteBuffer encode(List<RecordData> records, Compression compression) {
    return build(records, compression, null).buffer();
  }

  /**
   * Encodes records into one batch ready to append, skipping the validation that bytes from outside
   * need: the batch was just built here.
   */
  public static IncomingBatches encodeForAppend(List<RecordData> records, Compression compression) {
    return encodeForAppend(records, compression, null);
  }

  /**
   * Encodes records into one batch ready to append, as {@link #encodeForAppend(List, Compression)}
   * does, its header stamped with an idempotent producer's id, epoch and base sequence when {@code
   * stamp} is not null.
   */
  public static IncomingBatches encodeForAppend(
      List<RecordData> records, Compression compression, ProducerStamp stamp) {
    MemoryRecords built = build(records, compression, stamp);
    List<MutableRecordBatch> batches = new ArrayList<>(1);
    built.batches().forEach(batches::add);
    return new IncomingBatches(built.buffer(), batches);
  }

  private static MemoryRecords build(
      List<RecordData> records, Compression compression, ProducerStamp stamp) {
    if (records.isEmpty()) {
      throw new InvalidRecordException("a batch needs at least one record");
    }
    int estimate = BATCH_HEADER_BYTES;
    for (RecordData r : records) {
      estimate += 24 + length(r.key()) + length(r.value());
      for (RecordHeader h : r.headers()) {
        estimate += 8 + h.key().length() * 3 + length(h.value());
      }
    }
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(
            ByteBuffer.allocate(compression == Compression.NONE ? estimate : estimate / 2 + 64),
            RecordBatch.CURRENT_MAGIC_VALUE,
            org.apache.kafka.common.compress.Compression.of(compression.kafkaType()).build(),
            TimestampType.CREATE_TIME,
            0L,
            RecordBatch.NO_TIMESTAMP,
            stamp == null ? RecordBatch.NO_PRODUCER_ID : stamp.producerId(),
            stamp == null ? RecordBatch.NO_PRODUCER_EPOCH : stamp.producerEpoch(),
            stamp == null ? RecordBatch.NO_SEQUENCE : stamp.baseSequence());
    long offset = 0;
    for (RecordData r : records) {
      builder.appendWithOffset(offset++, r.timestamp(), r.key(), r.value(), toKafka(r.headers()));
    }
    return builder.build();
  }

  /**
   * Checks bytes that came from outside (a client, the network) before they are appended: every
   * batch complete, magic 2, CRC intact, record counts consistent, each batch within {@code
   * maxBatchBytes}, and no bytes left over.
   *
   * @throws CorruptRecordException when the bytes are not well-formed batches
   * @throws InvalidRecordException when they are well formed but unacceptable
   * @throws RecordTooLargeException when a batch exceeds {@code maxBatchBytes}
   * @param bytes the batches, from their position to their limit; a writable buffer is used in
   *     place (appending rewrites base offsets in it), a read-only one is copied
   */
  public static IncomingBatches validate(ByteBuffer bytes, int maxBatchBytes) {
    ByteBuffer buffer =
        bytes.isReadOnly()
            ? ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip()
            : bytes.slice();
    if (!buffer.hasRemaining()) {
      throw new InvalidRecordException("no record batch in the request");
    }
    List<MutableRecordBatch> batches = new ArrayList<>();
    int position = 0;
    while (position < buffer.limit()) {
      int remaining = buffer.limit() - position;
      if (remaining < LOG_OVERHEAD + 5) {
        throw new CorruptRecordException(
            "batch at byte " + position + ": " + remaining + " bytes left, less than a header");
      }
      int size = buffer.getInt(position + Records.SIZE_OFFSET) + LOG_OVERHEAD;
      byte magic = buffer.get(position + MAGIC_OFFSET);
      if (size < BATCH_HEADER_BYTES || size > remaining) {
        throw new CorruptRecordException(
            "batch at byte "
                + position
                + ": length field says "
                + size
                + " bytes, but "
                + remaining
                + " remain and a batch needs at least "
                + BATCH_HEADER_BYTES);
      }
      if (magic != RecordBatch.MAGIC_VALUE_V2) {
        throw new InvalidRecordException(
            "batch at byte " + position + ": magic " + magic + " is not supported; only v2 is");
      }
      if (size > maxBatchBytes) {
        throw new RecordTooLargeException(
            "batch at byte "
                + position
                + " is "
                + size
                + " bytes; the limit is "
                + maxBatchBytes
                + " (max.message.bytes)");
      }
      MutableRecordBatch batch = batchAt(buffer, position, size);
      if (!batch.isValid()) {
        throw new CorruptRecordException(
            "batch at byte "
                + position
                + ": CRC mismatch (stored "
                + batch.checksum()
                + ", computed over "
                + size
                + " bytes differs)");
      }
      checkCounts(batch, position);
      batches.add(batch);
      position += size;
    }
    return new IncomingBatches(buffer, batches);
  }

  private static void checkCounts(MutableRecordBatch batch, int position) {
    Integer count = batch.countOrNull();
    long span = batch.lastOffset() - batch.baseOffset() + 1;
    if (count == null || count <= 0 || span != count) {
      throw new InvalidRecordException(
          "batch at byte "
              + position
              + ": record count "
              + count
              + " does not match its offset span "
              + span);
    }
    if (batch.isControlBatch() || batch.isTransactional()) {
      throw new InvalidRecordException(
          "batch at byte " + position + ": transactional and control batches are not supported");
    }
  }

  /**
   * The length of the longest prefix of {@code buffer} (from its position) made of complete
   * batches, judged by their length fields.
   */
  public static int completePrefixLength(ByteBuffer buffer) {
    int start = buffer.position();
    int position = start;
    while (buffer.limit() - position >= LOG_OVERHEAD) {
      int size = buffer.getInt(position + Records.SIZE_OFFSET) + LOG_OVERHEAD;
      if (size < BATCH_HEADER_BYTES || size > buffer.limit() - position) {
        break;
      }
      position += size;
    }
    return position - start;
  }

  /**
   * The size of the batch at the buffer's position according to its length field, or -1 when the
   * buffer holds less than a length field.
   */
  public static int firstBatchSize(ByteBuffer buffer) {
    if (buffer.remaining() < LOG_OVERHEAD) {
      return -1;
    }
    return buffer.getInt(buffer.position() + Records.SIZE_OFFSET) + LOG_OVERHEAD;
  }

  /**
   * Within one batch, the offset of the first record whose timestamp is at least {@code timestamp},
   * or -1 when there is none.
   */
  public static long firstOffsetAtOrAfter(ByteBuffer batchBytes, long timestamp) {
    MemoryRecords records = MemoryRecords.readableRecords(batchBytes.slice());
    for (MutableRecordBatch batch : records.batches()) {
      if (batch.maxTimestamp() < timestamp) {
        continue;
      }
      for (org.apache.kafka.common.record.Record r : batch) {
        if (r.timestamp() >= timestamp) {
          return r.offset();
        }
      }
    }
    return -1;
  }

  /** The batch of {@code size} bytes at {@code position}, whose size and magic were checked. */
  static MutableRecordBatch batchAt(ByteBuffer buffer, int position, int size) {
    return MemoryRecords.readableRecords(slice(buffer, position, size)).batches().iterator().next();
  }

  static ByteBuffer slice(ByteBuffer buffer, int position, int size) {
    return buffer.duplicate().position(position).limit(position + size).slice();
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static Header[] toKafka(List<RecordHeader> headers) {
    if (headers.isEmpty()) {
      return NO_HEADERS;
    }
    Header[] out = new Header[headers.size()];
    for (int i = 0; i < out.length; i++) {
      RecordHeader h = headers.get(i);
      out[i] = new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value());
    }
    return out;
  }
}
