package dev.minikafka.storage.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.InvalidRecordException;
import dev.minikafka.core.errors.RecordTooLargeException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * Properties of the batch codec: what is encoded decodes to the same records, and bytes that are
 * not well-formed batches are refused with one of our errors, never with another exception.
 */
class BatchesPropertiesTest {
  private static final int MAGIC_OFFSET = 16;
  private static final int CRC_OFFSET = 17;

  /** The attributes field, where the part of a v2 batch that its CRC covers begins. */
  private static final int ATTRIBUTES_OFFSET = 21;

  private static final int LAST_OFFSET_DELTA_OFFSET = 23;
  private static final int RECORDS_COUNT_OFFSET = 57;

  // ---------------------------------------------------------------------------------------------
  // Round trip

  @Property(tries = 200)
  void encodedRecordsDecodeToTheSameRecordsAtConsecutiveOffsets(
      @ForAll("recordLists") List<RecordData> records,
      @ForAll Compression compression,
      @ForAll @LongRange(min = 0, max = 1L << 60) long baseOffset) {
    ByteBuffer encoded = Batches.encode(records, compression);
    IncomingBatches incoming = Batches.validate(encoded, Integer.MAX_VALUE);
    assertThat(incoming.batchCount()).isEqualTo(1);
    assertThat(incoming.offsetCount()).isEqualTo(records.size());
    List<BatchInfo> infos = incoming.assignOffsets(baseOffset, 0);
    assertThat(infos)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.baseOffset()).isEqualTo(baseOffset);
              assertThat(b.lastOffset()).isEqualTo(baseOffset + records.size() - 1);
              assertThat(b.maxTimestamp())
                  .isEqualTo(records.stream().mapToLong(RecordData::timestamp).max().orElseThrow());
            });

    FetchedRecords fetched = new FetchedRecords(incoming.buffer(), "test", 0);
    List<LogRecord> decoded = fetched.records();

    assertThat(decoded).extracting(LogRecord::data).containsExactlyElementsOf(records);
    for (int i = 0; i < decoded.size(); i++) {
      assertThat(decoded.get(i).offset()).isEqualTo(baseOffset + i);
    }
    assertThat(fetched.records(baseOffset + records.size() - 1))
        .extracting(LogRecord::data)
        .containsExactly(records.get(records.size() - 1));
    // A bounded decode is a prefix of the full one, from any offset inside the batch.
    int from = records.size() / 2;
    int max = Math.max(1, records.size() / 3);
    assertThat(fetched.records(baseOffset + from, max))
        .containsExactlyElementsOf(decoded.subList(from, Math.min(decoded.size(), from + max)));
  }

  // ---------------------------------------------------------------------------------------------
  // Bad bytes in, only our errors out

  @Property(tries = 300)
  void validateAcceptsOrRefusesWithOurErrorsOnly(
      @ForAll("mangledBatches") byte[] bytes,
      @ForAll @IntRange(min = 64, max = 1 << 20) int maxBatchBytes) {
    Throwable thrown =
        catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes.clone()), maxBatchBytes));
    assertOnlyValidationErrors(thrown);
  }

  @Property(tries = 200)
  void validateRefusesArbitraryBytes(@ForAll @Size(max = 200) byte[] bytes) {
    Throwable thrown = catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes), 1 << 20));
    assertThat(thrown).isNotNull();
    assertOnlyValidationErrors(thrown);
  }

  @Property(tries = 200)
  void validateRefusesEveryByteFlipInsideTheCrcCoveredPart(
      @ForAll("smallRecordLists") List<RecordData> records,
      @ForAll Compression compression,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    byte[] bytes = toArray(Batches.encode(records, compression));
    int index = where % bytes.length;
    bytes[index] ^= (byte) mask;
    Throwable thrown = catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes), 1 << 20));
    assertOnlyValidationErrors(thrown);
    // The magic and the CRC itself are checked too; from the attributes on, the CRC covers it.
    if (index >= MAGIC_OFFSET) {
      assertThat(thrown).as("flip at byte %d of %d", index, bytes.length).isNotNull();
    }
    if (index >= ATTRIBUTES_OFFSET) {
      assertThat(thrown).isInstanceOf(CorruptRecordException.class);
    }
  }

  @Property(tries = 200)
  void validateRefusesATruncatedBatch(
      @ForAll("smallRecordLists") List<RecordData> records,
      @ForAll Compression compression,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
    byte[] whole = toArray(Batches.encode(records, compression));
    byte[] bytes = Arrays.copyOf(whole, cut % whole.length);
    Throwable thrown = catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes), 1 << 20));
    assertThat(thrown).isNotNull();
    assertOnlyValidationErrors(thrown);
  }

  @Property(tries = 200)
  void validateRefusesABatchFollowedByGarbage(
      @ForAll("smallRecordLists") List<RecordData> records,
      @ForAll Compression compression,
      @ForAll @Size(min = 1, max = 100) byte[] garbage) {
    byte[] batch = toArray(Batches.encode(records, compression));
    byte[] bytes = Arrays.copyOf(batch, batch.length + garbage.length);
    System.arraycopy(garbage, 0, bytes, batch.length, garbage.length);
    Throwable thrown = catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes), 1 << 20));
    assertThat(thrown).isNotNull();
    assertOnlyValidationErrors(thrown);
  }

  @Property(tries = 300)
  void fetchedRecordsDecodeOrReportCorruptionOnly(@ForAll("mangledBatches") byte[] bytes) {
    FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes), "test", 100);
    assertOnlyCorruption(catchThrowable(fetched::records));
    assertOnlyCorruption(catchThrowable(fetched::batches));
  }

  @Property(tries = 200)
  void fetchedRecordsRefuseArbitraryBytes(@ForAll @Size(min = 1, max = 300) byte[] bytes) {
    FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes), "test", 0);
    Throwable thrown = catchThrowable(fetched::records);
    assertThat(thrown).isNotNull();
    assertOnlyCorruption(thrown);
  }

  /**
   * Batches whose CRC holds but whose records section is garbage (as a buggy or hostile client
   * could send, since validation checks batches, not each record): decoding them reports corruption
   * and does nothing else, whatever the header's record count and the records' length prefixes
   * claim.
   */
  @Property(tries = 300)
  void recordsOfABatchWithAValidCrcButGarbageInsideReportCorruptionOnly(
      @ForAll("forgedBatches") byte[] bytes) {
    Throwable validation =
        catchThrowable(() -> Batches.validate(ByteBuffer.wrap(bytes.clone()), 1 << 20));
    assertOnlyValidationErrors(validation);
    FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes), "forged", 0);
    assertOnlyCorruption(catchThrowable(fetched::records));
    assertOnlyCorruption(catchThrowable(() -> fetched.records(5)));
    assertOnlyCorruption(catchThrowable(fetched::batches));
  }

  // Regressions: inputs that the properties above found to escape as other exceptions or errors.

  @Example
  void aCompressedBatchClaimingBillionsOfRecordsIsReportedCorrupt() {
    byte[] records =
        toArray(Batches.encode(List.of(RecordData.of(1, null, null)), Compression.NONE));
    byte[] section = Arrays.copyOfRange(records, Batches.BATCH_HEADER_BYTES, records.length);
    for (Compression compression : List.of(Compression.GZIP, Compression.LZ4)) {
      byte[] forged = forge(section, compression, Integer.MAX_VALUE);
      assertThat(
              catchThrowable(() -> new FetchedRecords(ByteBuffer.wrap(forged), "f", 0).records()))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageStartingWith("f at byte 0: records do not decode");
    }
  }

  @Example
  void aCompressedRecordClaimingTwoGibibytesIsReportedCorrupt() {
    // A record whose length prefix, a zigzag varint, says Integer.MAX_VALUE bytes.
    byte[] section = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0, 0};
    for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
      byte[] forged = forge(section, compression, 1);
      assertThat(
              catchThrowable(() -> new FetchedRecords(ByteBuffer.wrap(forged), "f", 0).records()))
          .isInstanceOf(CorruptRecordException.class);
    }
  }

  @Example
  void aSnappyStreamWithABadChunkSizeIsReportedCorrupt() {
    // snappy-java reports a bad chunk size with an Error, SnappyError, not an IOException.
    byte[] records =
        toArray(Batches.encode(List.of(RecordData.of(1, null, null)), Compression.NONE));
    byte[] section =
        compress(
            Arrays.copyOfRange(records, Batches.BATCH_HEADER_BYTES, records.length),
            Compression.SNAPPY);
    // Kafka's Snappy framing: an 8-byte magic, a 4-byte version, a 4-byte compatible version,
    // then each chunk's size.
    ByteBuffer.wrap(section).putInt(16, -1);
    byte[] forged = frame(section, Compression.SNAPPY, 1);
    assertThat(catchThrowable(() -> new FetchedRecords(ByteBuffer.wrap(forged), "f", 0).records()))
        .isInstanceOf(CorruptRecordException.class);
  }

  @Example
  void aFrameWithAnotherMagicIsReportedCorrupt() {
    for (byte magic : new byte[] {0, 1, 3, -108}) {
      byte[] bytes =
          toArray(Batches.encode(List.of(RecordData.of(1, null, null)), Compression.NONE));
      bytes[MAGIC_OFFSET] = magic;
      FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes), "f", 40);
      assertThat(catchThrowable(fetched::records))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessage("f at byte 40: magic " + magic + ", expected 2");
      assertThat(catchThrowable(fetched::batches)).isInstanceOf(CorruptRecordException.class);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // BatchScanner

  /** A scan of one file's contents, with a scanner made for it. */
  @FunctionalInterface
  private interface FileScan {
    BatchScanner.Outcome run(BatchScanner scanner) throws IOException;
  }

  /** Writes {@code bytes} to a temporary file and runs {@code scan} over it with a new scanner. */
  private static BatchScanner.Outcome scanFile(byte[] bytes, int chunkBytes, FileScan scan)
      throws IOException {
    Path file = Files.createTempFile("scan", ".log");
    try {
      Files.write(file, bytes);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        return scan.run(new BatchScanner(channel, file.toString(), chunkBytes));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Scans all of {@code bytes}, as a file, from offset 0 on. */
  private static BatchScanner.Outcome scanAll(
      byte[] bytes, int chunkBytes, boolean validate, BatchScanner.Visitor visitor)
      throws IOException {
    return scanFile(
        bytes, chunkBytes, scanner -> scanner.scan(0, bytes.length, 0, validate, visitor));
  }

  @Property(tries = 150)
  void scannerStopsAtABatchBoundaryAndThrowsNothingButIoErrors(
      @ForAll("mangledBatches") byte[] bytes,
      @ForAll boolean validate,
      @ForAll @IntRange(min = 1, max = 4096) int chunkBytes)
      throws IOException {
    List<BatchInfo> seen = new ArrayList<>();
    BatchScanner.Outcome outcome =
        scanAll(
            bytes,
            chunkBytes,
            validate,
            (batch, batchBytes) -> {
              assertThat(batchBytes.remaining()).isEqualTo(batch.sizeInBytes());
              seen.add(batch);
              return true;
            });
    assertScanConsistent(outcome, seen, 0, bytes.length, -1);
  }

  @Property(tries = 150)
  void aHeaderOnlyScanSeesWhatAnUnvalidatedScanSeesAndStopsWhereItStops(
      @ForAll("mangledBatches") byte[] bytes,
      @ForAll @IntRange(min = 1, max = 4096) int chunkBytes,
      @ForAll @IntRange(min = 0, max = 5) int stopAfter)
      throws IOException {
    List<BatchInfo> whole = new ArrayList<>();
    BatchScanner.Outcome wholeOutcome =
        scanAll(
            bytes,
            chunkBytes,
            false,
            (batch, batchBytes) -> whole.add(batch) && whole.size() <= stopAfter);
    List<BatchInfo> headers = new ArrayList<>();
    BatchScanner.Outcome headersOutcome =
        scanFile(
            bytes,
            chunkBytes,
            scanner ->
                scanner.scanHeaders(
                    0,
                    bytes.length,
                    0,
                    (batch, batchBytes) -> {
                      assertThat(batchBytes).isNull();
                      return headers.add(batch) && headers.size() <= stopAfter;
                    }));
    assertThat(headers).isEqualTo(whole);
    assertThat(headersOutcome.validEnd()).isEqualTo(wholeOutcome.validEnd());
    assertThat(headersOutcome.lastOffset()).isEqualTo(wholeOutcome.lastOffset());
    // The same problem, in the words of each scan's own file.
    assertThat(withoutFile(headersOutcome.problem()))
        .isEqualTo(withoutFile(wholeOutcome.problem()));
  }

  private static String withoutFile(String problem) {
    return problem == null ? null : problem.substring(problem.indexOf(" at byte "));
  }

  @Property(tries = 150)
  void scannerKeepsEveryValidBatchBeforeAGarbageTail(
      @ForAll("validBatches") byte[] batches,
      @ForAll @Size(max = 200) byte[] tail,
      @ForAll @IntRange(min = 1, max = 4096) int chunkBytes)
      throws IOException {
    List<BatchInfo> expected =
        new FetchedRecords(ByteBuffer.wrap(batches), "expected", 0).batches();
    byte[] bytes = Arrays.copyOf(batches, batches.length + tail.length);
    System.arraycopy(tail, 0, bytes, batches.length, tail.length);
    List<BatchInfo> seen = new ArrayList<>();
    BatchScanner.Outcome outcome =
        scanAll(bytes, chunkBytes, true, (batch, batchBytes) -> seen.add(batch));
    assertScanConsistent(outcome, seen, 0, bytes.length, -1);
    // A random tail passes a CRC-32C check with odds of 2^-32: every valid batch is kept and the
    // scan stops at the first byte of the tail.
    assertThat(seen).isEqualTo(expected);
    assertThat(outcome.validEnd()).isEqualTo(batches.length);
    assertThat(outcome.failed()).isEqualTo(tail.length > 0);
  }

  private static void assertScanConsistent(
      BatchScanner.Outcome outcome, List<BatchInfo> seen, int from, int end, long before) {
    int expectedEnd = seen.isEmpty() ? from : seen.get(seen.size() - 1).endPosition();
    long expectedLast = seen.isEmpty() ? before : seen.get(seen.size() - 1).lastOffset();
    assertThat(outcome.validEnd()).isEqualTo(expectedEnd).isBetween(from, end);
    assertThat(outcome.lastOffset()).isEqualTo(expectedLast);
    int position = from;
    long last = before;
    for (BatchInfo b : seen) {
      assertThat(b.position()).isEqualTo(position);
      assertThat(b.baseOffset()).isGreaterThan(last);
      assertThat(b.lastOffset()).isGreaterThanOrEqualTo(b.baseOffset());
      position = b.endPosition();
      last = b.lastOffset();
    }
    if (!outcome.failed()) {
      assertThat(outcome.validEnd()).isEqualTo(end);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Assertions

  private static void assertOnlyValidationErrors(Throwable thrown) {
    if (thrown != null
        && !(thrown instanceof CorruptRecordException
            || thrown instanceof InvalidRecordException
            || thrown instanceof RecordTooLargeException)) {
      throw new AssertionError("expected one of our validation errors, got " + thrown, thrown);
    }
  }

  private static void assertOnlyCorruption(Throwable thrown) {
    if (thrown != null && !(thrown instanceof CorruptRecordException)) {
      throw new AssertionError("expected a CorruptRecordException, got " + thrown, thrown);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generators

  @Provide
  Arbitrary<List<RecordData>> recordLists() {
    return records(2048, 64).list().ofMinSize(1).ofMaxSize(50);
  }

  @Provide
  Arbitrary<List<RecordData>> smallRecordLists() {
    return records(64, 8).list().ofMinSize(1).ofMaxSize(8);
  }

  private static Arbitrary<RecordData> records(int maxBytes, int maxHeaderBytes) {
    Arbitrary<byte[]> bytes = bytes(maxBytes);
    Arbitrary<RecordHeader> header =
        Combinators.combine(headerKeys(), bytes(maxHeaderBytes)).as(RecordHeader::new);
    return Combinators.combine(
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            bytes,
            bytes,
            header.list().ofMaxSize(3))
        .as(RecordData::new);
  }

  /**
   * Any string of Unicode code points, beyond the Basic Multilingual Plane too. Lone surrogates are
   * left out: UTF-8 cannot carry them, and Kafka's encoder turns them into '?'.
   */
  private static Arbitrary<String> headerKeys() {
    Arbitrary<String> codePoints =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .list()
            .ofMaxSize(10)
            .map(
                cps -> {
                  StringBuilder key = new StringBuilder();
                  cps.forEach(key::appendCodePoint);
                  return key.toString();
                });
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), codePoints);
  }

  /** Null, empty, or arbitrary bytes. */
  private static Arbitrary<byte[]> bytes(int maxBytes) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just((byte[]) null)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[0])),
        net.jqwik.api.Tuple.of(
            4, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(maxBytes)));
  }

  /** One to three valid batches with ascending offsets, as a log segment holds them. */
  @Provide
  Arbitrary<byte[]> validBatches() {
    Arbitrary<ByteBuffer> batch =
        Combinators.combine(smallRecordLists(), Arbitraries.of(Compression.class))
            .as(Batches::encode);
    return Combinators.combine(
            batch.list().ofMinSize(1).ofMaxSize(3), Arbitraries.longs().between(0, 1L << 40))
        .as(
            (list, base) -> {
              ByteBuffer all =
                  ByteBuffer.allocate(list.stream().mapToInt(ByteBuffer::remaining).sum());
              list.forEach(b -> all.put(b.duplicate()));
              all.flip();
              Batches.validate(all, Integer.MAX_VALUE).assignOffsets(base, 0);
              return toArray(all);
            });
  }

  /** Valid batches, then a few flips, cuts, overwrites, garbage tails and CRC repairs. */
  @Provide
  Arbitrary<byte[]> mangledBatches() {
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.of(MutationKind.class),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers())
            .as(Mutation::new);
    return Combinators.combine(validBatches(), mutation.list().ofMaxSize(4))
        .as(
            (bytes, mutations) -> {
              byte[] out = bytes;
              for (Mutation m : mutations) {
                out = m.apply(out);
              }
              return out;
            });
  }

  /**
   * One batch with a correct frame and CRC around a records section that is partly or wholly
   * garbage, with any record count, compressed with any codec.
   */
  @Provide
  Arbitrary<byte[]> forgedBatches() {
    Arbitrary<byte[]> plainRecords =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Combinators.combine(
                    smallRecordLists(),
                    Arbitraries.integers().between(0, Integer.MAX_VALUE),
                    Arbitraries.integers())
                .as(
                    (records, where, value) -> {
                      byte[] batch = toArray(Batches.encode(records, Compression.NONE));
                      byte[] section =
                          Arrays.copyOfRange(batch, Batches.BATCH_HEADER_BYTES, batch.length);
                      if (section.length > 0) {
                        // Corrupt a length prefix, a varint or a header count.
                        section[where % section.length] = (byte) value.intValue();
                      }
                      return section;
                    }));
    Arbitrary<Integer> count =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-2, 100),
            Arbitraries.of(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1 << 30, 50_000_000));
    return Combinators.combine(plainRecords, Arbitraries.of(Compression.class), count)
        .as(BatchesPropertiesTest::forge);
  }

  private static byte[] forge(byte[] plainRecords, Compression compression, int count) {
    return frame(compress(plainRecords, compression), compression, count);
  }

  /** A batch of {@code count} records around a records section, already compressed. */
  private static byte[] frame(byte[] section, Compression compression, int count) {
    ByteBuffer template = Batches.encode(List.of(RecordData.of(1_000, null, null)), compression);
    ByteBuffer out = ByteBuffer.allocate(Batches.BATCH_HEADER_BYTES + section.length);
    out.put(template.duplicate().limit(template.position() + Batches.BATCH_HEADER_BYTES));
    out.put(section);
    out.putInt(Batches.SIZE_OFFSET, out.capacity() - Batches.LOG_OVERHEAD);
    out.putInt(LAST_OFFSET_DELTA_OFFSET, count - 1);
    out.putInt(RECORDS_COUNT_OFFSET, count);
    byte[] bytes = out.array();
    fixCrc(bytes, 0, bytes.length);
    return bytes;
  }

  private static byte[] compress(byte[] plain, Compression compression) {
    if (compression == Compression.NONE) {
      return plain;
    }
    ByteBufferOutputStream sink = new ByteBufferOutputStream(64 + plain.length);
    try (OutputStream out =
        org.apache.kafka.common.compress.Compression.of(compression.kafkaType())
            .build()
            .wrapForOutput(sink, RecordBatch.MAGIC_VALUE_V2)) {
      out.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer compressed = sink.buffer().flip();
    return toArray(compressed);
  }

  /** Recomputes the CRC-32C of the v2 batch at {@code from}, from its attributes to {@code to}. */
  private static void fixCrc(byte[] bytes, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from + ATTRIBUTES_OFFSET, to - from - ATTRIBUTES_OFFSET);
    ByteBuffer.wrap(bytes).putInt(from + CRC_OFFSET, (int) crc.getValue());
  }

  private enum MutationKind {
    FLIP,
    TRUNCATE,
    APPEND,
    OVERWRITE_INT,
    FIX_CRCS
  }

  /** One change to a byte string; {@code where} and {@code value} are reduced to fit it. */
  private record Mutation(MutationKind kind, int where, int value) {
    byte[] apply(byte[] in) {
      byte[] out = in.clone();
      switch (kind) {
        case FLIP -> {
          if (out.length > 0) {
            out[where % out.length] ^= (byte) (Math.floorMod(value, 255) + 1);
          }
        }
        case TRUNCATE -> out = Arrays.copyOf(out, where % (out.length + 1));
        case APPEND -> {
          byte[] tail = new byte[where % 100 + 1];
          new Random(value).nextBytes(tail);
          out = Arrays.copyOf(out, in.length + tail.length);
          System.arraycopy(tail, 0, out, in.length, tail.length);
        }
        case OVERWRITE_INT -> {
          if (out.length >= 4) {
            ByteBuffer.wrap(out).putInt(where % (out.length - 3), value);
          }
        }
        case FIX_CRCS -> fixAllCrcs(out);
      }
      return out;
    }

    /** Gives every whole v2 frame a correct CRC, so that checks past the CRC get exercised. */
    private static void fixAllCrcs(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int position = 0;
      while (bytes.length - position >= Batches.BATCH_HEADER_BYTES) {
        int size = b.getInt(position + Batches.SIZE_OFFSET) + Batches.LOG_OVERHEAD;
        if (size < Batches.BATCH_HEADER_BYTES || size > bytes.length - position) {
          return;
        }
        fixCrc(bytes, position, position + size);
        position += size;
      }
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
