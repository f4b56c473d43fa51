package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.client.Header;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.storage.record.Batches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The SDK's hand-written v2 record batches, read back by kafka-clients' own record classes: every
 * header field, every record field, and the CRC, exactly as encoded.
 */
class RecordBatchEncoderTest {
  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static MutableRecordBatch onlyBatch(byte[] bytes) {
    MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
    Iterator<MutableRecordBatch> batches = records.batches().iterator();
    MutableRecordBatch batch = batches.next();
    assertThat(batches.hasNext()).isFalse();
    assertThat(records.sizeInBytes()).isEqualTo(bytes.length);
    return batch;
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** Asserts that Kafka reads {@code bytes} as exactly these records and producer fields. */
  private static void assertReadsBack(
      byte[] bytes,
      List<ProducerRecord> records,
      long[] timestamps,
      long producerId,
      short epoch,
      int baseSequence) {
    MutableRecordBatch batch = onlyBatch(bytes);
    batch.ensureValid();
    assertThat(batch.isValid()).isTrue();
    assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
    assertThat(batch.sizeInBytes()).isEqualTo(bytes.length);
    assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
    assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(batch.isTransactional()).isFalse();
    assertThat(batch.isControlBatch()).isFalse();
    assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
    assertThat(batch.baseOffset()).isZero();
    assertThat(batch.lastOffset()).isEqualTo(records.size() - 1);
    assertThat(batch.countOrNull()).isEqualTo(records.size());
    long max = Long.MIN_VALUE;
    for (long t : timestamps) {
      max = Math.max(max, t);
    }
    assertThat(batch.maxTimestamp()).isEqualTo(max);
    assertThat(batch.producerId()).isEqualTo(producerId);
    assertThat(batch.producerEpoch()).isEqualTo(epoch);
    assertThat(batch.baseSequence()).isEqualTo(baseSequence);
    if (baseSequence >= 0) {
      assertThat(batch.lastSequence()).isEqualTo(baseSequence + records.size() - 1);
    }
    int i = 0;
    for (Record r : batch) {
      ProducerRecord expected = records.get(i);
      r.ensureValid();
      assertThat(r.offset()).isEqualTo(i);
      assertThat(r.sequence()).isEqualTo(baseSequence < 0 ? -1 : baseSequence + i);
      assertThat(r.timestamp()).isEqualTo(timestamps[i]);
      assertThat(r.hasKey()).isEqualTo(expected.key() != null);
      assertThat(bytes(r.key())).isEqualTo(expected.key());
      assertThat(r.hasValue()).isEqualTo(expected.value() != null);
      assertThat(bytes(r.value())).isEqualTo(expected.value());
      org.apache.kafka.common.header.Header[] headers = r.headers();
      assertThat(headers).hasSameSizeAs(expected.headers());
      for (int h = 0; h < headers.length; h++) {
        assertThat(headers[h].key()).isEqualTo(expected.headers().get(h).key());
        assertThat(headers[h].value()).isEqualTo(expected.headers().get(h).value());
      }
      i++;
    }
    assertThat(i).isEqualTo(records.size());
    // The broker's own check of bytes from outside accepts them too.
    assertThat(Batches.validate(ByteBuffer.wrap(bytes.clone()), bytes.length).offsetCount())
        .isEqualTo(records.size());
  }

  @Test
  void kafkaReadsBackKeysValuesHeadersNullsTimestampsAndProducerFields() {
    List<ProducerRecord> records =
        List.of(
            new ProducerRecord(
                "t",
                null,
                null,
                utf8("k1"),
                utf8("v1"),
                List.of(Header.of("trace", "abc"), new Header("empty", null), Header.of("ü", ""))),
            new ProducerRecord("t", 3, null, null, utf8("no key"), List.of()),
            new ProducerRecord("t", null, null, utf8("tombstone"), null, List.of()),
            new ProducerRecord("t", null, null, new byte[0], new byte[300], List.of()));
    // Out of order on purpose: deltas from the first record's timestamp may be negative.
    long[] timestamps = {1_764_000_000_000L, 1_763_999_999_000L, 1_764_000_100_000L, 0L};
    byte[] idempotent = RecordBatchEncoder.encode(records, timestamps, 4001L, (short) 7, 12);
    assertReadsBack(idempotent, records, timestamps, 4001L, (short) 7, 12);

    byte[] plain =
        RecordBatchEncoder.encode(
            records, timestamps, RecordBatchEncoder.NO_PRODUCER_ID, (short) -1, -1);
    assertReadsBack(
        plain,
        records,
        timestamps,
        RecordBatch.NO_PRODUCER_ID,
        RecordBatch.NO_PRODUCER_EPOCH,
        RecordBatch.NO_SEQUENCE);
  }

  @Test
  void aFlippedBitFailsKafkasCrcCheck() {
    List<ProducerRecord> records = List.of(ProducerRecord.ofStrings("t", "k", "v"));
    byte[] bytes = RecordBatchEncoder.encode(records, new long[] {5}, 1, (short) 0, 0);
    assertThat(onlyBatch(bytes).isValid()).isTrue();
    for (int at : new int[] {21, 40, bytes.length - 1}) {
      byte[] bad = bytes.clone();
      bad[at] ^= 0x10;
      assertThat(onlyBatch(bad).isValid()).as("bit flipped at byte %d", at).isFalse();
    }
  }

  @Property(tries = 300)
  void kafkaReadsBackArbitraryRecords(
      @ForAll @Size(min = 1, max = 40) List<@From("records") ProducerRecord> records,
      @ForAll @LongRange(min = 0, max = 1L << 50) long baseTimestamp,
      @ForAll @Size(value = 40) List<@LongRange(min = -1L << 40, max = 1L << 40) Long> offsets,
      @ForAll boolean idempotent,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long producerId,
      @ForAll @IntRange(min = 0, max = Short.MAX_VALUE) int epoch,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 40) int baseSequence) {
    long[] timestamps = new long[records.size()];
    for (int i = 0; i < timestamps.length; i++) {
      timestamps[i] = Math.max(0, baseTimestamp + offsets.get(i));
    }
    long id = idempotent ? producerId : RecordBatchEncoder.NO_PRODUCER_ID;
    short e = idempotent ? (short) epoch : (short) -1;
    int seq = idempotent ? baseSequence : -1;
    byte[] bytes = RecordBatchEncoder.encode(records, timestamps, id, e, seq);
    assertReadsBack(bytes, records, timestamps, id, e, seq);
  }

  @Provide
  Arbitrary<ProducerRecord> records() {
    Arbitrary<byte[]> nullableBytes =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(600).injectNull(0.2);
    Arbitrary<Header> header =
        Combinators.combine(
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(20),
                nullableBytes)
            .as(Header::new);
    Arbitrary<List<Header>> headers = header.list().ofMaxSize(4);
    return Combinators.combine(nullableBytes, nullableBytes, headers)
        .as((k, v, h) -> new ProducerRecord("t", null, null, k, v, new ArrayList<>(h)));
  }
}
