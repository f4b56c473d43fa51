package dev.minikafka.storage.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batch-level operations of {@link FetchedRecords}: cutting by record count, re-encoding. */
class FetchedRecordsTest {
  private static List<RecordData> records(int from, int to) {
    List<RecordData> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          new RecordData(
              1_764_000_000_000L + i,
              ("k" + i).getBytes(StandardCharsets.UTF_8),
              ("v" + i).getBytes(StandardCharsets.UTF_8),
              List.of(new RecordHeader("h", null))));
    }
    return out;
  }

  /** Batches of {@code sizes} records each, at consecutive offsets from 0, all in {@code codec}. */
  private static FetchedRecords batches(Compression codec, int... sizes) {
    List<ByteBuffer> parts = new ArrayList<>();
    int offset = 0;
    int total = 0;
    for (int size : sizes) {
      IncomingBatches b = Batches.encodeForAppend(records(offset, offset + size), codec);
      b.assignOffsets(offset, 0);
      parts.add(b.buffer());
      total += b.sizeInBytes();
      offset += size;
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    parts.forEach(all::put);
    return new FetchedRecords(all.flip(), "test", 0);
  }

  private static List<Long> offsets(FetchedRecords f, long from) {
    return f.records(from).stream().map(LogRecord::offset).toList();
  }

  @Test
  void upToRecordsKeepsWholeBatchesUntilTheCountIsReached() {
    FetchedRecords all = batches(Compression.NONE, 5, 5, 5);
    assertThat(all.lastOffset()).isEqualTo(14);
    assertThat(all.upToRecords(3, 2).lastOffset()).as("2 of offsets 3, 4").isEqualTo(4);
    assertThat(all.upToRecords(3, 3).lastOffset()).as("a third reaches into batch 2").isEqualTo(9);
    assertThat(all.upToRecords(0, 1000)).isSameAs(all);
    assertThat(offsets(all.upToRecords(3, 3), 3)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(FetchedRecords.empty().lastOffset()).isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
  void aBatchInACodecTheReaderLacksIsReEncodedUncompressedWithAValidCrc(Compression codec) {
    FetchedRecords stored = batches(codec, 3, 4);
    FetchedRecords plain = stored.decodableWith(EnumSet.of(Compression.NONE));
    assertThat(plain).isNotSameAs(stored);
    List<MutableRecordBatch> out = new ArrayList<>();
    MemoryRecords.readableRecords(plain.buffer()).batches().forEach(out::add);
    assertThat(out).hasSize(2);
    for (MutableRecordBatch b : out) {
      assertThat(b.isValid()).isTrue();
      assertThat(b.compressionType().name).isEqualTo("none");
    }
    assertThat(out.get(1).baseOffset()).isEqualTo(3);
    assertThat(plain.records(0)).isEqualTo(stored.records(0));
    assertThat(stored.decodableWith(Set.of(Compression.NONE, codec)))
        .as("a reader with the codec gets the stored bytes")
        .isSameAs(stored);
  }

  @Test
  void aCorruptCompressedBatchIsNotGivenAFreshCrc() {
    FetchedRecords stored = batches(Compression.GZIP, 3);
    ByteBuffer bytes = ByteBuffer.allocate(stored.sizeInBytes()).put(stored.buffer()).flip();
    bytes.put(bytes.limit() - 3, (byte) (bytes.get(bytes.limit() - 3) ^ 0x40));
    FetchedRecords corrupt = new FetchedRecords(bytes, "test.log", 100);
    assertThatThrownBy(() -> corrupt.decodableWith(EnumSet.of(Compression.NONE)))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessage("test.log at byte 100: CRC mismatch");
  }
}
