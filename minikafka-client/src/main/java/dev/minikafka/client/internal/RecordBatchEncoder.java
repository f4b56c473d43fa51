package dev.minikafka.client.internal;

import dev.minikafka.client.Header;
import dev.minikafka.client.ProducerRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes records into one uncompressed record batch of Kafka's v2 format, the format the broker
 * stores, so that the producer can send a partition's records as bytes the broker checks and
 * appends without decoding them.
 *
 * <p>The layout, big-endian: base offset (8 bytes, 0: the broker assigns offsets), batch length (4,
 * the bytes after this field), partition leader epoch (4, -1), magic (1, 2), CRC-32C (4, over every
 * byte from the attributes to the end), attributes (2, 0: no compression, create time), last offset
 * delta (4), base and max timestamp (8 each), producer id (8), producer epoch (2), base sequence
 * (4), record count (4), then the records. A record is its length (varint), attributes (1 byte, 0),
 * timestamp delta from the base timestamp (varlong), offset delta (varint), key and value (varint
 * length, -1 for null, then the bytes), header count (varint) and headers (key length and UTF-8
 * key, value length, -1 for null, and value). Varints are zigzag-encoded base-128, least
 * significant group first.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordBatchEncoder {
  /** No producer id: a batch that is not idempotent. */
  public static final long NO_PRODUCER_ID = -1L;

  static final int HEADER_BYTES = 61;
  private static final int CRC_OFFSET = 17;
  private static final int ATTRIBUTES_OFFSET = 21;
  private static final byte MAGIC = 2;

  private RecordBatchEncoder() {}

  /**
   * Encodes {@code records} as one batch.
   *
   * @param records at least one; their topic and partition are not encoded
   * @param timestamps each record's timestamp, ms since the epoch, in the order of {@code records}
   * @param producerId the idempotent producer's id, or {@link #NO_PRODUCER_ID}
   * @param producerEpoch its epoch, or -1 without a producer id
   * @param baseSequence the sequence of the first record, or -1 without a producer id
   * @return the batch, from index 0 to its end
   * @throws IllegalArgumentException for no records, or as many timestamps as records
   */
  public static byte[] encode(
      List<ProducerRecord> records,
      long[] timestamps,
      long producerId,
      short producerEpoch,
      int baseSequence) {
    if (records.isEmpty() || timestamps.length != records.size()) {
      throw new IllegalArgumentException(
          records.size() + " records and " + timestamps.length + " timestamps; need at least one");
    }
    long baseTimestamp = timestamps[0];
    long maxTimestamp = baseTimestamp;
    int size = HEADER_BYTES;
    int[] bodySizes = new int[records.size()];
    byte[][][] headerKeys = new byte[records.size()][][];
    for (int i = 0; i < records.size(); i++) {
      maxTimestamp = Math.max(maxTimestamp, timestamps[i]);
      ProducerRecord r = records.get(i);
      byte[][] keys = new byte[r.headers().size()][];
      for (int h = 0; h < keys.length; h++) {
        keys[h] = r.headers().get(h).key().getBytes(StandardCharsets.UTF_8);
      }
      headerKeys[i] = keys;
      bodySizes[i] = bodySize(r, keys, timestamps[i] - baseTimestamp, i);
      size += varintSize(bodySizes[i]) + bodySizes[i];
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putLong(0L);
    out.putInt(size - 12);
    out.putInt(-1);
    out.put(MAGIC);
    out.putInt(0); // the CRC, once the bytes it covers are written
    out.putShort((short) 0);
    out.putInt(records.size() - 1);
    out.putLong(baseTimestamp);
    out.putLong(maxTimestamp);
    out.putLong(producerId);
    out.putShort(producerEpoch);
    out.putInt(baseSequence);
    out.putInt(records.size());
    for (int i = 0; i < records.size(); i++) {
      ProducerRecord r = records.get(i);
      writeVarint(out, bodySizes[i]);
      out.put((byte) 0);
      writeVarlong(out, timestamps[i] - baseTimestamp);
      writeVarint(out, i);
      writeBytes(out, r.key());
      writeBytes(out, r.value());
      List<Header> headers = r.headers();
      writeVarint(out, headers.size());
      for (int h = 0; h < headers.size(); h++) {
        writeBytes(out, headerKeys[i][h]);
        writeBytes(out, headers.get(h).value());
      }
    }
    byte[] bytes = out.array();
    CRC32C crc = new CRC32C();
    crc.update(bytes, ATTRIBUTES_OFFSET, bytes.length - ATTRIBUTES_OFFSET);
    ByteBuffer.wrap(bytes).putInt(CRC_OFFSET, (int) crc.getValue());
    return bytes;
  }

  /** The size of a record after its length field. */
  private static int bodySize(
      ProducerRecord r, byte[][] headerKeys, long timestampDelta, int offsetDelta) {
    int size = 1 + varlongSize(timestampDelta) + varintSize(offsetDelta);
    size += bytesSize(r.key()) + bytesSize(r.value());
    size += varintSize(headerKeys.length);
    for (int h = 0; h < headerKeys.length; h++) {
      size += bytesSize(headerKeys[h]) + bytesSize(r.headers().get(h).value());
    }
    return size;
  }

  private static int bytesSize(byte[] b) {
    return b == null ? 1 : varintSize(b.length) + b.length;
  }

  private static void writeBytes(ByteBuffer out, byte[] b) {
    if (b == null) {
      writeVarint(out, -1);
    } else {
      writeVarint(out, b.length);
      out.put(b);
    }
  }

  static int varintSize(int value) {
    return varlongSize(value);
  }

  static int varlongSize(long value) {
    long v = (value << 1) ^ (value >> 63);
    int bytes = 1;
    while ((v & ~0x7FL) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }

  static void writeVarint(ByteBuffer out, int value) {
    writeVarlong(out, value);
  }

  static void writeVarlong(ByteBuffer out, long value) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      out.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }
}
