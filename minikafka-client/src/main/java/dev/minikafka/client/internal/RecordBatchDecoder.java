package dev.minikafka.client.internal;

import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.CorruptBatchException;
import dev.minikafka.client.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Decodes record batches of Kafka's v2 format, the counterpart of {@link RecordBatchEncoder} (whose
 * Javadoc gives the layout), for a consumer that receives them as the broker stores them.
 *
 * <p>Every batch is checked before its records are read: complete, magic 2, CRC-32C over the
 * attributes to the end intact. Every length and count is checked against the bytes there are, so
 * that bytes that are not a batch fail with {@link CorruptBatchException} naming the byte position,
 * never with an index or allocation failure. Records are decoded from uncompressed and gzip batches
 * ({@link #CODECS}); a batch in another codec is refused, as the broker re-encodes such batches for
 * a client that does not name their codec. Control batches (transaction markers) hold no
 * application records and are skipped. A batch whose timestamp type is {@code LogAppendTime} gives
 * each record the batch's max timestamp, as Kafka's consumer does.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordBatchDecoder {
  /** The codecs this decoder reads, as named in the {@code codecs} parameter of {@code Accept}. */
  public static final String CODECS = "none,gzip";

  private static final int HEADER_BYTES = RecordBatchEncoder.HEADER_BYTES;
  private static final int LENGTH_OFFSET = 8;
  private static final int LOG_OVERHEAD = 12;
  private static final int MAGIC_OFFSET = 16;
  private static final int CRC_OFFSET = 17;
  private static final int ATTRIBUTES_OFFSET = 21;
  private static final int BASE_TIMESTAMP_OFFSET = 27;
  private static final int MAX_TIMESTAMP_OFFSET = 35;
  private static final int RECORD_COUNT_OFFSET = 57;

  private static final int CODEC_MASK = 0x07;
  private static final int CODEC_GZIP = 1;
  private static final int LOG_APPEND_TIME = 0x08;
  private static final int CONTROL = 0x20;

  /**
   * The most bytes one gzip batch may inflate to: a guard against a batch that claims to hold more
   * than any read answers (the broker's reads are at most 64 MiB of stored bytes).
   */
  private static final int MAX_INFLATED_BYTES = 256 << 20;

  private static final String[] CODEC_NAMES = {
    "none", "gzip", "snappy", "lz4", "zstd", "codec 5", "codec 6", "codec 7"
  };

  private RecordBatchDecoder() {}

  /**
   * Decodes the batches in {@code bytes[from, to)}, back to back, and adds to {@code out} their
   * records at or after {@code fromOffset} (the first batch may begin before it), in order.
   *
   * @param topic the topic the records came from
   * @param partition the partition they came from
   * @throws CorruptBatchException naming the byte position (an index into {@code bytes}) when the
   *     bytes are not well-formed batches
   */
  public static void decode(
      byte[] bytes,
      int from,
      int to,
      String topic,
      int partition,
      long fromOffset,
      List<ConsumerRecord> out) {
    if (from < 0 || to > bytes.length || from > to) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") outside an array of " + bytes.length);
    }
    int position = from;
    while (position < to) {
      position = decodeBatch(bytes, position, to, topic, partition, fromOffset, out);
    }
  }

  /** Decodes the batch at {@code at}; returns where the next one starts. */
  private static int decodeBatch(
      byte[] bytes,
      int at,
      int to,
      String topic,
      int partition,
      long fromOffset,
      List<ConsumerRecord> out) {
    int remaining = to - at;
    if (remaining < HEADER_BYTES) {
      throw corrupt(at, "only " + remaining + " bytes left, less than a batch header");
    }
    long size = (long) getInt(bytes, at + LENGTH_OFFSET) + LOG_OVERHEAD;
    if (size < HEADER_BYTES || size > remaining) {
      throw corrupt(
          at, "length field says " + size + " bytes, but " + remaining + " remain in the answer");
    }
    int end = at + (int) size;
    byte magic = bytes[at + MAGIC_OFFSET];
    if (magic != 2) {
      throw corrupt(at, "magic " + magic + ", expected 2");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, at + ATTRIBUTES_OFFSET, end - at - ATTRIBUTES_OFFSET);
    int stored = getInt(bytes, at + CRC_OFFSET);
    if ((int) crc.getValue() != stored) {
      throw corrupt(at, "CRC-32C mismatch");
    }
    int attributes = getShort(bytes, at + ATTRIBUTES_OFFSET);
    if ((attributes & CONTROL) != 0) {
      return end;
    }
    long baseOffset = getLong(bytes, at);
    long baseTimestamp = getLong(bytes, at + BASE_TIMESTAMP_OFFSET);
    long maxTimestamp = getLong(bytes, at + MAX_TIMESTAMP_OFFSET);
    boolean logAppendTime = (attributes & LOG_APPEND_TIME) != 0;
    int count = getInt(bytes, at + RECORD_COUNT_OFFSET);
    if (count < 0) {
      throw corrupt(at, "record count " + count);
    }
    Reader records =
        switch (attributes & CODEC_MASK) {
          case 0 -> new Reader(bytes, at + HEADER_BYTES, end, at);
          case CODEC_GZIP -> {
            byte[] plain = gunzip(bytes, at + HEADER_BYTES, end, at);
            yield new Reader(plain, 0, plain.length, at);
          }
          default ->
              throw corrupt(
                  at,
                  "compressed with "
                      + CODEC_NAMES[attributes & CODEC_MASK]
                      + ", which this client does not decode (it decodes "
                      + CODECS
                      + ")");
        };
    for (int i = 0; i < count; i++) {
      records.record(
          topic,
          partition,
          baseOffset,
          logAppendTime ? maxTimestamp : -1,
          baseTimestamp,
          fromOffset,
          out);
    }
    if (records.position != records.end) {
      throw corrupt(
          at, (records.end - records.position) + " bytes left after its " + count + " records");
    }
    return end;
  }

  private static byte[] gunzip(byte[] bytes, int from, int to, int batchAt) {
    try (InputStream in =
        new GZIPInputStream(new ByteArrayInputStream(bytes, from, to - from), 8192)) {
      byte[] plain = in.readNBytes(MAX_INFLATED_BYTES + 1);
      if (plain.length > MAX_INFLATED_BYTES) {
        throw corrupt(batchAt, "its gzip records inflate past " + MAX_INFLATED_BYTES + " bytes");
      }
      return plain;
    } catch (IOException e) {
      throw new CorruptBatchException(
          "batch at byte " + batchAt + " of the answer: gzip records do not inflate: " + e, e);
    }
  }

  /** Reads records from {@code bytes[position, end)}; every read is checked against {@code end}. */
  private static final class Reader {
    final byte[] bytes;
    final int end;
    final int batchAt;
    int position;

    Reader(byte[] bytes, int position, int end, int batchAt) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
      this.batchAt = batchAt;
    }

    /**
     * Reads one record and adds it to {@code out} when its offset is at least {@code fromOffset}.
     *
     * @param appendTime the batch's max timestamp under {@code LogAppendTime}, else -1
     */
    void record(
        String topic,
        int partition,
        long baseOffset,
        long appendTime,
        long baseTimestamp,
        long fromOffset,
        List<ConsumerRecord> out) {
      int length = varint();
      if (length < 0 || length > end - position) {
        throw corrupt(
            batchAt, "a record's length " + length + " passes the " + (end - position) + " left");
      }
      int recordEnd = position + length;
      Reader r = new Reader(bytes, position, recordEnd, batchAt);
      r.skip(1); // attributes: unused in v2
      long timestampDelta = r.varlong();
      int offsetDelta = r.varint();
      long offset = baseOffset + offsetDelta;
      boolean wanted = offset >= fromOffset;
      byte[] key = r.bytesOrNull(wanted);
      byte[] value = r.bytesOrNull(wanted);
      int headerCount = r.varint();
      if (headerCount < 0 || headerCount > r.end - r.position) {
        throw corrupt(batchAt, "a record's header count " + headerCount + " does not fit");
      }
      List<Header> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
      for (int h = 0; h < headerCount; h++) {
        int keyLength = r.varint();
        if (keyLength < 0 || keyLength > r.end - r.position) {
          throw corrupt(batchAt, "a header key's length " + keyLength + " does not fit");
        }
        String headerKey = new String(bytes, r.position, keyLength, StandardCharsets.UTF_8);
        r.position += keyLength;
        byte[] headerValue = r.bytesOrNull(true);
        headers.add(new Header(headerKey, headerValue));
      }
      if (r.position != recordEnd) {
        throw corrupt(
            batchAt,
            "a record's fields end "
                + (recordEnd - r.position)
                + " bytes before its length says it does");
      }
      position = recordEnd;
      if (wanted) {
        long timestamp = appendTime >= 0 ? appendTime : baseTimestamp + timestampDelta;
        out.add(new ConsumerRecord(topic, partition, offset, timestamp, key, value, headers));
      }
    }

    /** A varint length, then that many bytes (a copy when {@code copy}), or null for -1. */
    byte[] bytesOrNull(boolean copy) {
      int length = varint();
      if (length == -1) {
        return null;
      }
      if (length < -1 || length > end - position) {
        throw corrupt(batchAt, "a field's length " + length + " does not fit");
      }
      byte[] out = null;
      if (copy) {
        out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
      }
      position += length;
      return out;
    }

    void skip(int n) {
      if (n > end - position) {
        throw corrupt(batchAt, "a record ends inside its fields");
      }
      position += n;
    }

    int varint() {
      long v = unsignedVarint(5);
      if (v > 0xFFFF_FFFFL) {
        throw corrupt(batchAt, "a varint does not fit in 32 bits");
      }
      int raw = (int) v;
      return (raw >>> 1) ^ -(raw & 1);
    }

    long varlong() {
      long raw = unsignedVarint(10);
      return (raw >>> 1) ^ -(raw & 1);
    }

    /** A base-128 number, least significant group first, of at most {@code maxBytes} bytes. */
    private long unsignedVarint(int maxBytes) {
      long value = 0;
      for (int i = 0; i < maxBytes; i++) {
        if (position >= end) {
          throw corrupt(batchAt, "a record ends inside a varint");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << (7 * i);
        if (b >= 0) {
          return value;
        }
      }
      throw corrupt(batchAt, "a varint runs past " + maxBytes + " bytes");
    }
  }

  private static CorruptBatchException corrupt(int batchAt, String what) {
    return new CorruptBatchException("batch at byte " + batchAt + " of the answer: " + what);
  }

  private static int getShort(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int getInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static long getLong(byte[] b, int at) {
    return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xFFFF_FFFFL);
  }
}
