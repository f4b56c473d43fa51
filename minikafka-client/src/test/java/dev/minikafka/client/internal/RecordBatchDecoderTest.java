package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.CorruptBatchException;
import dev.minikafka.client.Header;
import dev.minikafka.client.ProducerRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's v2 batch decoder against batches kafka-clients' {@code MemoryRecordsBuilder} writes
 * (every codec the decoder claims, headers, nulls, both timestamp types, control batches) and
 * against the SDK's own encoder; and, as properties, that bytes which are not well-formed batches
 * fail only with {@link CorruptBatchException}.
 */
class RecordBatchDecoderTest {
  private static final long T0 = 1_764_000_000_000L;

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] array(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer out =
        ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  private static List<ConsumerRecord> decode(byte[] bytes, long fromOffset) {
    List<ConsumerRecord> out = new ArrayList<>();
    RecordBatchDecoder.decode(bytes, 0, bytes.length, "t", 3, fromOffset, out);
    return out;
  }

  /** Three records from offset {@code base}: nulls, headers (one with a null value), timestamps. */
  private static byte[] kafkaBatch(Compression compression, TimestampType type, long base) {
    MemoryRecordsBuilder b =
        MemoryRecords.builder(
            ByteBuffer.allocate(4096),
            RecordBatch.MAGIC_VALUE_V2,
            compression,
            type,
            base,
            type == TimestampType.LOG_APPEND_TIME ? T0 + 500 : RecordBatch.NO_TIMESTAMP);
    b.append(
        new SimpleRecord(
            T0,
            utf8("k0"),
            utf8("v0"),
            new org.apache.kafka.common.header.Header[] {
              new org.apache.kafka.common.header.internals.RecordHeader("trace", utf8("abc")),
              new org.apache.kafka.common.header.internals.RecordHeader("trace", null)
            }));
    b.append(new SimpleRecord(T0 + 7, (byte[]) null, (byte[]) null));
    b.append(new SimpleRecord(T0 - 3, utf8("k2"), new byte[0]));
    return array(b.build().buffer());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "gzip"})
  void decodesKafkasBatchesInTheCodecsItClaims(String codec) {
    Compression compression = codec.equals("gzip") ? Compression.gzip().build() : Compression.NONE;
    List<ConsumerRecord> records =
        decode(kafkaBatch(compression, TimestampType.CREATE_TIME, 40), 0);
    assertThat(records)
        .containsExactly(
            new ConsumerRecord(
                "t",
                3,
                40,
                T0,
                utf8("k0"),
                utf8("v0"),
                List.of(Header.of("trace", "abc"), new Header("trace", null))),
            new ConsumerRecord("t", 3, 41, T0 + 7, null, null, List.of()),
            new ConsumerRecord("t", 3, 42, T0 - 3, utf8("k2"), new byte[0], List.of()));
    assertThat(RecordBatchDecoder.CODECS).contains(codec);
  }

  @Test
  void logAppendTimeGivesEveryRecordTheBatchTimestamp() {
    List<ConsumerRecord> records =
        decode(kafkaBatch(Compression.NONE, TimestampType.LOG_APPEND_TIME, 0), 0);
    assertThat(records).extracting(ConsumerRecord::timestamp).containsOnly(T0 + 500);
  }

  @Test
  void recordsBelowTheFetchOffsetAreDroppedAndLaterBatchesFollow() {
    byte[] bytes =
        concat(
            kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 10),
            kafkaBatch(Compression.gzip().build(), TimestampType.CREATE_TIME, 13));
    assertThat(decode(bytes, 12))
        .extracting(ConsumerRecord::offset)
        .containsExactly(12L, 13L, 14L, 15L);
  }

  @Test
  void controlBatchesAreSkipped() {
    byte[] marker =
        array(
            MemoryRecords.withEndTransactionMarker(
                    3, T0, 0, 77L, (short) 1, new EndTransactionMarker(ControlRecordType.COMMIT, 0))
                .buffer());
    byte[] bytes =
        concat(
            kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 0),
            marker,
            kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 4));
    assertThat(decode(bytes, 0))
        .extracting(ConsumerRecord::offset)
        .containsExactly(0L, 1L, 2L, 4L, 5L, 6L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"snappy", "lz4", "zstd"})
  void aCodecItDoesNotDecodeIsATypedError(String codec) {
    Compression compression =
        switch (codec) {
          case "snappy" -> Compression.snappy().build();
          case "lz4" -> Compression.lz4().build();
          default -> Compression.zstd().build();
        };
    byte[] bytes = kafkaBatch(compression, TimestampType.CREATE_TIME, 0);
    assertThatThrownBy(() -> decode(bytes, 0))
        .isInstanceOf(CorruptBatchException.class)
        .hasMessageContaining(codec)
        .hasMessageContaining("does not decode");
  }

  @Test
  void readsBackWhatTheSdksEncoderWrote() {
    List<ProducerRecord> sent =
        List.of(
            new ProducerRecord("t", null, null, utf8("a"), utf8("x".repeat(300)), List.of()),
            new ProducerRecord(
                "t", null, null, null, null, List.of(Header.of("h", "1"), Header.of("h", null))));
    byte[] batch = RecordBatchEncoder.encode(sent, new long[] {T0, T0 + 1}, 9L, (short) 2, 5);
    List<ConsumerRecord> back = decode(batch, 0);
    assertThat(back).hasSize(2);
    assertThat(back.get(0).value()).isEqualTo(utf8("x".repeat(300)));
    assertThat(back.get(0).timestamp()).isEqualTo(T0);
    assertThat(back.get(1).key()).isNull();
    assertThat(back.get(1).value()).isNull();
    assertThat(back.get(1).headers()).containsExactly(Header.of("h", "1"), Header.of("h", null));
    assertThat(back.get(1).offset()).isEqualTo(1);
  }

  @Test
  void aFlippedBitIsACrcMismatchNamingTheBatch() {
    byte[] two =
        concat(
            kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 0),
            kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 3));
    int second = two.length / 2;
    two[two.length - 2] ^= 0x10;
    assertThatThrownBy(() -> decode(two, 0))
        .isInstanceOf(CorruptBatchException.class)
        .hasMessage("batch at byte " + second + " of the answer: CRC-32C mismatch");
  }

  @Test
  void aTruncatedAnswerIsATypedError() {
    byte[] batch = kafkaBatch(Compression.NONE, TimestampType.CREATE_TIME, 0);
    byte[] cut = java.util.Arrays.copyOf(batch, batch.length - 1);
    assertThatThrownBy(() -> decode(cut, 0))
        .isInstanceOf(CorruptBatchException.class)
        .hasMessageContaining("length field says");
  }

  @Property
  void arbitraryBytesFailOnlyWithTheTypedError(@ForAll @Size(max = 300) byte[] bytes) {
    decodeOrTypedError(bytes);
  }

  @Property
  void aValidBatchWithOneByteChangedFailsWithTheTypedError(
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] bytes = kafkaBatch(Compression.gzip().build(), TimestampType.CREATE_TIME, 0);
    // Base offset and partition leader epoch are outside the CRC, as in Kafka: a change there is
    // another valid batch.
    int at = 16 + where % (bytes.length - 16);
    bytes[at] ^= (byte) xor;
    assertThatThrownBy(() -> decode(bytes, 0)).isInstanceOf(CorruptBatchException.class);
  }

  /**
   * A valid header and CRC over arbitrary record bytes, so that the record parser itself meets
   * garbage: lengths, varints and counts that do not fit.
   */
  @Property
  void garbageRecordsBehindAValidCrcFailOnlyWithTheTypedError(
      @ForAll("records") byte[] records, @ForAll @IntRange(min = -1, max = 1000) int count) {
    ByteBuffer b = ByteBuffer.allocate(61 + records.length);
    b.putLong(0).putInt(61 + records.length - 12).putInt(-1).put((byte) 2).putInt(0);
    b.putShort((short) 0).putInt(Math.max(0, count - 1)).putLong(T0).putLong(T0);
    b.putLong(-1).putShort((short) -1).putInt(-1).putInt(count).put(records);
    byte[] bytes = b.array();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 21, bytes.length - 21);
    ByteBuffer.wrap(bytes).putInt(17, (int) crc.getValue());
    decodeOrTypedError(bytes);
  }

  @Provide
  Arbitrary<byte[]> records() {
    // Mostly small bytes, so that varints end and lengths are often plausible.
    return Arbitraries.integers()
        .between(-2, 20)
        .map(i -> (byte) (i * 2))
        .array(byte[].class)
        .ofMaxSize(120);
  }

  private static void decodeOrTypedError(byte[] bytes) {
    try {
      decode(bytes, 0);
    } catch (CorruptBatchException expected) {
      assertThat(expected).hasMessageStartingWith("batch at byte ");
    }
  }
}
