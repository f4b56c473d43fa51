package dev.minikafka.storage;

import static dev.minikafka.storage.LogContents.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.storage.record.BatchInfo;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage done to segment and index files between a stop and the next open: torn tails, flipped
 * bytes, lost and garbled indexes. The files are real; the damage is done with plain file I/O.
 */
class CorruptionTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  /** Small segments and a small index interval, so a few hundred records make several of both. */
  private static final LogConfig CONFIG =
      LogConfig.defaults()
          .with(Map.of(LogConfig.SEGMENT_BYTES, "4096", LogConfig.INDEX_INTERVAL_BYTES, "256"));

  /** Records written: enough for several segments. */
  private static final int N = 600;

  /** Record timestamps: recent, so that no segment is old enough to roll by {@code segment.ms}. */
  private static final long NOW = System.currentTimeMillis();

  /** The size of a v2 batch header; records start after it. */
  private static final int BATCH_HEADER = 61;

  @TempDir Path tmp;

  private Path dir;

  /** One batch as found in a segment file by this test's own parser. */
  private record Batch(Path file, int position, int size, long baseOffset, long lastOffset) {
    int end() {
      return position + size;
    }
  }

  /**
   * Opens the log as the log manager would after a stop: with the recovery point a checkpoint taken
   * under flush=always gives, where every sealed segment was forced and the last was not.
   */
  private PartitionLog open(boolean clean) throws IOException {
    List<Path> all = Files.isDirectory(dir) ? segments() : List.of();
    String last = all.isEmpty() ? "0.log" : all.get(all.size() - 1).getFileName().toString();
    long lastBase = Long.parseLong(last.substring(0, last.length() - ".log".length()));
    return PartitionLog.open(dir, TP, CONFIG, LogOptions.defaults(), clean, lastBase);
  }

  /** Writes batches of 1..7 records at offsets 0..{@code records}-1 and closes the log cleanly. */
  private List<RecordData> writeLog(int records) {
    dir = tmp.resolve("t-0");
    List<RecordData> all = records(0, records);
    Random random = new Random(records);
    LogOptions fast = LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER);
    try (PartitionLog log = PartitionLog.open(dir, TP, CONFIG, fast, false)) {
      int next = 0;
      while (next < records) {
        int n = Math.min(records - next, 1 + random.nextInt(7));
        log.append(all.subList(next, next + n), Compression.NONE);
        next += n;
      }
      assertThat(log.segmentCount()).as("the test needs several segments").isGreaterThan(3);
    }
    return all;
  }

  private static List<RecordData> records(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(
            i -> RecordData.of(NOW + i, ("k" + i).getBytes(UTF_8), ("value-" + i).getBytes(UTF_8)))
        .toList();
  }

  private static List<RecordData> data(List<LogRecord> records) {
    return records.stream().map(LogRecord::data).toList();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
  }

  private static Path index(Path segment) {
    String name = segment.getFileName().toString();
    return segment.resolveSibling(name.substring(0, name.length() - 4) + ".index");
  }

  /** Parses a segment file with nothing but the v2 header layout. */
  private static List<Batch> batches(Path segment) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Batch> out = new ArrayList<>();
    int position = 0;
    while (position < b.limit()) {
      long base = b.getLong(position);
      int size = b.getInt(position + 8) + 12;
      int lastOffsetDelta = b.getInt(position + 23);
      out.add(new Batch(segment, position, size, base, base + lastOffsetDelta));
      position += size;
    }
    assertThat(position).as("%s holds whole batches", segment).isEqualTo(b.limit());
    return out;
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, position);
      one.flip();
      byte b = one.get(0);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b ^ 0x5a)}), position);
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void append(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  /** Where in a batch a torn write may end. */
  static Stream<Arguments> tornAt() {
    return Stream.of(
        Arguments.of("inside the length field", 10),
        Arguments.of("inside the header", 40),
        Arguments.of("halfway", -2),
        Arguments.of("one byte short", -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tornAt")
  void tornTailIsCutAtTheLastWholeBatch(String where, int cutAt) throws IOException {
    List<RecordData> all = writeLog(N);
    Path last = segments().get(segments().size() - 1);
    List<Batch> batches = batches(last);
    assertThat(batches).as("the last segment has a few batches").hasSizeGreaterThan(2);
    Batch torn = batches.get(batches.size() - 1);
    int keep = cutAt == -2 ? torn.size() / 2 : cutAt == -1 ? torn.size() - 1 : cutAt;
    truncate(last, torn.position() + keep);

    try (PartitionLog log = open(false)) {
      assertThat(log.logEndOffset()).isEqualTo(torn.baseOffset());
      assertThat(log.highWatermark()).isEqualTo(torn.baseOffset());
      assertThat(Files.size(last))
          .as("the torn batch was cut off the file")
          .isEqualTo(torn.position());
      assertThat(data(readAll(log))).isEqualTo(all.subList(0, (int) torn.baseOffset()));
      assertThat(log.verify()).isEmpty();
      assertThat(log.append(all.subList((int) torn.baseOffset(), N), Compression.NONE).baseOffset())
          .isEqualTo(torn.baseOffset());
      assertThat(data(readAll(log))).isEqualTo(all);
    }
  }

  @ParameterizedTest(name = "batch {0} of the last segment")
  @ValueSource(strings = {"last", "first", "middle"})
  void flippedByteInTheLastSegmentCutsTheLogThere(String which) throws IOException {
    List<RecordData> all = writeLog(N);
    Path last = segments().get(segments().size() - 1);
    List<Batch> batches = batches(last);
    assertThat(batches).hasSizeGreaterThan(2);
    Batch bad =
        switch (which) {
          case "first" -> batches.get(0);
          case "middle" -> batches.get(batches.size() / 2);
          default -> batches.get(batches.size() - 1);
        };
    flipByte(last, bad.end() - 3);

    try (PartitionLog log = open(false)) {
      assertThat(log.logEndOffset()).isEqualTo(bad.baseOffset());
      assertThat(log.highWatermark()).isEqualTo(bad.baseOffset());
      assertThat(Files.size(last)).as("cut at the bad batch").isEqualTo(bad.position());
      assertThat(data(readAll(log))).isEqualTo(all.subList(0, (int) bad.baseOffset()));
      assertThat(log.verify()).isEmpty();
    }
  }

  /**
   * The base offset (bytes 0-7 of a batch) is not covered by the CRC: a bit flipped from 0 to 1
   * there moves the last batch ahead by a power of two and leaves a valid-looking batch after a
   * gap. Offsets are dense, so recovery cuts it like any other bad batch. (Found while building the
   * fault-injection checker's tail damage, whose dense-offsets property reports such a gap.)
   */
  @ParameterizedTest(name = "base offset + 2^{0}")
  @ValueSource(ints = {0, 10, 38})
  void lastBatchWhoseBaseOffsetJumpsAheadIsCut(int bit) throws IOException {
    List<RecordData> all = writeLog(N);
    Path last = segments().get(segments().size() - 1);
    List<Batch> batches = batches(last);
    Batch bad = batches.get(batches.size() - 1);
    try (FileChannel ch =
        FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8).putLong(0, bad.baseOffset() + (1L << bit)), bad.position());
    }

    try (PartitionLog log = open(false)) {
      assertThat(log.logEndOffset()).isEqualTo(bad.baseOffset());
      assertThat(Files.size(last)).as("cut at the batch after the gap").isEqualTo(bad.position());
      assertThat(data(readAll(log))).isEqualTo(all.subList(0, (int) bad.baseOffset()));
      assertThat(log.append(all.subList((int) bad.baseOffset(), N), Compression.NONE).baseOffset())
          .isEqualTo(bad.baseOffset());
    }
  }

  /** The first batch of the last segment must start at the segment's base offset. */
  @Test
  void firstBatchOfTheLastSegmentThatStartsPastItsBaseOffsetIsCut() throws IOException {
    writeLog(N);
    Path last = segments().get(segments().size() - 1);
    Batch first = batches(last).get(0);
    try (FileChannel ch =
        FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8).putLong(0, first.baseOffset() + 4), 0);
    }

    try (PartitionLog log = open(false)) {
      assertThat(log.logEndOffset()).isEqualTo(first.baseOffset());
      assertThat(Files.size(last)).isZero();
    }
  }

  @ParameterizedTest(name = "clean shutdown: {0}")
  @ValueSource(booleans = {false, true})
  void flippedByteInASealedSegmentIsReportedNeverCut(boolean clean) throws IOException {
    List<RecordData> all = writeLog(N);
    Path sealed = segments().get(1);
    List<Batch> batches = batches(sealed);
    assertThat(batches).hasSizeGreaterThan(2);
    Batch bad = batches.get(batches.size() / 2);
    flipByte(sealed, bad.position() + BATCH_HEADER + 2);
    long sizeBefore = Files.size(sealed);

    try (PartitionLog log = open(clean)) {
      assertThat(Files.size(sealed)).as("a sealed segment is never cut").isEqualTo(sizeBefore);
      assertThat(log.logEndOffset()).isEqualTo(N);
      assertThat(log.highWatermark()).isEqualTo(N);

      List<String> problems = log.verify();
      assertThat(problems).hasSize(1);
      assertThat(problems.get(0)).contains(sealed.toString(), "at byte " + bad.position() + ":");

      FetchedRecords fetched = log.read(bad.baseOffset(), 1).records();
      assertThat(fetched.batches()).hasSize(1);
      assertThatThrownBy(fetched::records)
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(sealed.toString())
          .hasMessageContaining("at byte " + bad.position() + ":");

      for (Path segment : segments()) {
        for (Batch b : batches(segment)) {
          if (b.equals(bad)) {
            continue;
          }
          List<LogRecord> read = log.read(b.baseOffset(), 1).records().records();
          assertThat(read).extracting(LogRecord::offset).startsWith(b.baseOffset());
          assertThat(data(read))
              .isEqualTo(all.subList((int) b.baseOffset(), (int) b.lastOffset() + 1));
        }
      }
    }
    assertThat(Files.size(sealed)).isEqualTo(sizeBefore);
  }

  @Test
  void sealedSegmentWithABadBatchAndNoIndexFailsToOpenNamingFileAndPosition() throws IOException {
    writeLog(N);
    Path sealed = segments().get(1);
    Batch bad = batches(sealed).get(2);
    flipByte(sealed, bad.position() + BATCH_HEADER + 1);
    Files.delete(index(sealed));
    long sizeBefore = Files.size(sealed);

    assertThatThrownBy(() -> open(false).close())
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(sealed.toString())
        .hasMessageContaining("at byte " + bad.position() + ":");
    assertThat(Files.size(sealed)).as("never cut").isEqualTo(sizeBefore);
  }

  static Stream<Arguments> lostIndexes() {
    List<Arguments> out = new ArrayList<>();
    for (String how : List.of("deleted", "emptied")) {
      for (String which : List.of("sealed", "active")) {
        out.add(Arguments.of(how, which, true));
        out.add(Arguments.of(how, which, false));
      }
    }
    return out.stream();
  }

  /** "emptied" is what a crash in the middle of rebuilding an index leaves. */
  @ParameterizedTest(name = "{0}, {1} segment, clean shutdown: {2}")
  @MethodSource("lostIndexes")
  void lostIndexIsRebuiltByteForByte(String how, String which, boolean clean) throws IOException {
    List<RecordData> all = writeLog(N);
    List<Path> segments = segments();
    Path segment = which.equals("sealed") ? segments.get(1) : segments.get(segments.size() - 1);
    byte[] original = Files.readAllBytes(index(segment));
    assertThat(original.length).as("the index has entries to lose").isGreaterThan(8);
    if (how.equals("deleted")) {
      Files.delete(index(segment));
    } else {
      truncate(index(segment), 0);
    }

    try (PartitionLog log = open(clean)) {
      assertThat(index(segment)).exists();
      assertThat(Files.readAllBytes(index(segment))).as("rebuilt index").isEqualTo(original);
      assertLookupsFindEveryOffset(log, all);
    }
    assertThat(Files.readAllBytes(index(segment)))
        .as("rebuilt index after close")
        .isEqualTo(original);
  }

  @Test
  void indexWrittenAcrossACleanReopenIsTheOneARebuildMakes() throws IOException {
    dir = tmp.resolve("t-0");
    List<RecordData> all = records(0, 60);
    for (int from = 0; from < 60; from += 20) {
      try (PartitionLog log = open(true)) {
        for (int i = from; i < from + 20; i += 2) {
          log.append(all.subList(i, i + 2), Compression.NONE);
        }
      }
    }
    assertThat(segments()).as("one segment, written in three sessions").hasSize(1);
    Path segment = segments().get(0);
    byte[] written = Files.readAllBytes(index(segment));
    assertThat(written.length).isGreaterThan(16);
    Files.delete(index(segment));

    try (PartitionLog log = open(true)) {
      assertThat(Files.readAllBytes(index(segment))).isEqualTo(written);
      assertLookupsFindEveryOffset(log, all);
    }
  }

  static Stream<Arguments> garbage() {
    byte[] random = new byte[24];
    new Random(42).nextBytes(random);
    byte[] pastTheEnd = ByteBuffer.allocate(8).putInt(1_000).putInt(1 << 20).array();
    return Stream.of(
        Arguments.of("sealed", "a partial entry", new byte[] {1, 2, 3}),
        Arguments.of("sealed", "random entries", random),
        Arguments.of("sealed", "an entry past the log end", pastTheEnd),
        Arguments.of("active", "a partial entry", new byte[] {1, 2, 3}),
        Arguments.of("active", "random entries", random),
        Arguments.of("active", "an entry past the log end", pastTheEnd));
  }

  @ParameterizedTest(name = "{0} segment, {1}")
  @MethodSource("garbage")
  void indexWithGarbageAppendedIsRebuilt(String which, String what, byte[] garbage)
      throws IOException {
    List<RecordData> all = writeLog(N);
    List<Path> segments = segments();
    Path segment = which.equals("sealed") ? segments.get(1) : segments.get(segments.size() - 1);
    byte[] original = Files.readAllBytes(index(segment));
    append(index(segment), garbage);

    try (PartitionLog log = open(true)) {
      assertThat(Files.readAllBytes(index(segment))).as("rebuilt index").isEqualTo(original);
      assertLookupsFindEveryOffset(log, all);
      assertThat(log.verify()).isEmpty();
    }
  }

  private static void assertLookupsFindEveryOffset(PartitionLog log, List<RecordData> all) {
    assertThat(log.logEndOffset()).isEqualTo(all.size());
    for (long o = 0; o < all.size(); o++) {
      FetchedRecords fetched = log.read(o, 1).records();
      BatchInfo first = fetched.batches().get(0);
      assertThat(o)
          .as("offset %d is in the batch read for it", o)
          .isBetween(first.baseOffset(), first.lastOffset());
      LogRecord record = fetched.records(o).get(0);
      assertThat(record.offset()).isEqualTo(o);
      assertThat(record.data()).isEqualTo(all.get((int) o));
    }
    assertThat(data(readAll(log))).isEqualTo(all);
  }

  @Test
  void cleanShutdownThroughLogManagerSkipsTheScanAndAnUncleanStopDoesNot() throws IOException {
    Path data = tmp.resolve("data");
    StorageConfig config =
        StorageConfig.of(data).withDefaults(CONFIG).withFlushPolicy(FlushPolicy.NEVER);
    List<RecordData> all = records(0, N);
    try (LogManager manager = LogManager.open(config)) {
      assertThat(manager.openedClean()).as("a new directory").isFalse();
      manager.createTopic("t", 1, Map.of());
      PartitionLog log = manager.log(TP);
      for (int i = 0; i < N; i += 5) {
        log.append(all.subList(i, i + 5), Compression.NONE);
      }
    }
    assertThat(data.resolve(".clean-shutdown")).exists();
    dir = data.resolve("t-0");
    Path last = segments().get(segments().size() - 1);
    List<Batch> batches = batches(last);
    Batch bad = batches.get(batches.size() - 1);
    flipByte(last, bad.end() - 3);
    long size = Files.size(last);

    Path copy = tmp.resolve("copy");
    try (LogManager manager = LogManager.open(config)) {
      assertThat(manager.openedClean()).isTrue();
      assertThat(data.resolve(".clean-shutdown"))
          .as("the mark is gone while open, so a crash now means recovery")
          .doesNotExist();
      PartitionLog log = manager.log(TP);
      assertThat(log.logEndOffset()).as("not scanned, so not cut").isEqualTo(N);
      assertThat(Files.size(last)).isEqualTo(size);
      assertThat(log.verify())
          .singleElement()
          .asString()
          .contains(last.toString(), "at byte " + bad.position() + ":");
      copyTree(data, copy);
    }

    // The copy is what a crash of the open manager would have left behind.
    try (LogManager manager = LogManager.open(StorageConfig.of(copy).withDefaults(CONFIG))) {
      assertThat(manager.openedClean()).isFalse();
      PartitionLog log = manager.log(TP);
      assertThat(log.logEndOffset()).isEqualTo(bad.baseOffset());
      assertThat(Files.size(copy.resolve("t-0").resolve(last.getFileName())))
          .isEqualTo(bad.position());
      assertThat(data(readAll(log))).isEqualTo(all.subList(0, (int) bad.baseOffset()));
      assertThat(log.verify()).isEmpty();
    }
  }

  @Test
  void corruptionBelowTheRecoveryPointIsReportedAndATornTailAboveItIsCut() throws IOException {
    Path data = tmp.resolve("data");
    StorageConfig config = StorageConfig.of(data).withDefaults(CONFIG);
    List<RecordData> all = records(0, N);
    Path crashed = tmp.resolve("crashed");
    Path torn = tmp.resolve("torn");
    long checkpointed;
    try (LogManager manager = LogManager.open(config)) {
      manager.createTopic("t", 1, Map.of());
      PartitionLog log = manager.log(TP);
      for (int i = 0; i < N - 50; i += 5) {
        log.append(all.subList(i, i + 5), Compression.NONE);
      }
      manager.checkpointRecoveryPoints();
      checkpointed = log.recoveryPoint();
      for (int i = N - 50; i < N; i += 5) {
        log.append(all.subList(i, i + 5), Compression.NONE);
      }
      copyTree(data, crashed);
      copyTree(data, torn);
    }
    assertThat(checkpointed).isEqualTo(N - 50);

    // A flipped byte in a batch the checkpoint says was flushed: durable data, never cut.
    dir = crashed.resolve("t-0");
    Path last = segments().get(segments().size() - 1);
    Batch durable =
        batches(last).stream().filter(b -> b.lastOffset() < checkpointed).findFirst().orElseThrow();
    flipByte(last, durable.position() + durable.size() - 3);
    long size = Files.size(last);
    assertThatThrownBy(() -> LogManager.open(StorageConfig.of(crashed).withDefaults(CONFIG)))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(last.toString())
        .hasMessageContaining("at byte " + durable.position())
        .hasMessageContaining("durable");
    assertThat(Files.size(last)).as("not cut").isEqualTo(size);

    // A torn write past the checkpoint is an ordinary crash: cut at the last whole batch.
    dir = torn.resolve("t-0");
    Path tornLast = segments().get(segments().size() - 1);
    Batch tail = batches(tornLast).get(batches(tornLast).size() - 1);
    truncate(tornLast, tail.position() + tail.size() / 2);
    try (LogManager manager = LogManager.open(StorageConfig.of(torn).withDefaults(CONFIG))) {
      PartitionLog log = manager.log(TP);
      assertThat(log.logEndOffset()).isEqualTo(tail.baseOffset());
      assertThat(data(readAll(log))).isEqualTo(all.subList(0, (int) tail.baseOffset()));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(".lock")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
