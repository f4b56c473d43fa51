package dev.minikafka.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.internal.ForwardingFileChannel;
import dev.minikafka.storage.record.BatchInfo;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * A stateful property of {@link PartitionLog}: random sequences of appends, reads, rolls, clean and
 * unclean reopens, simulated crashes, retention, deletion of old segments and truncation, each
 * checked against a model that knows every batch's base offset and records.
 */
class PartitionLogStatefulTest {
  private static final TopicPartition TP = new TopicPartition("model", 0);

  /** Record timestamps cluster around now; some batches are a month old. */
  private static final long NOW = System.currentTimeMillis();

  private static final long OLD = NOW - 30L * 24 * 3600 * 1000;

  private static final long RETENTION_MS = 7L * 24 * 3600 * 1000;

  /** The file system, except that fsyncs do nothing. */
  private static final FileIo NO_FSYNC =
      new FileIo() {
        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
          return new ForwardingFileChannel(FileIo.DEFAULT.open(path, options)) {
            @Override
            public void force(boolean metaData) {}
          };
        }

        @Override
        public void fsyncDirectory(Path dir) {}
      };

  private final List<LogUnderTest> logs = new ArrayList<>();

  /**
   * Each try opens a log in a fresh directory and runs up to 80 actions on it: about 30 s for 120
   * tries on 2 idle cores, a third of it in the tries that fsync for real.
   */
  @Property(tries = 120)
  void partitionLogBehavesLikeItsModel(@ForAll("chains") ActionChain<LogUnderTest> chain) {
    LogUnderTest last = chain.withInvariant("bounds", LogUnderTest::checkBounds).run();
    Statistics.label("segments at the end").collect(Math.min(last.segments().size(), 10));
  }

  @AfterTry
  void deleteLogs() {
    for (LogUnderTest log : logs) {
      log.destroy();
    }
    logs.clear();
  }

  @Provide
  Arbitrary<ActionChain<LogUnderTest>> chains() {
    Arbitrary<Integer> segmentBytes = Arbitraries.integers().between(512, 4096);
    Arbitrary<Integer> indexInterval = Arbitraries.of(0, 100, 1000, 4096);
    Arbitrary<Integer> segmentIndexBytes = Arbitraries.of(64, 10 << 20);
    // Most tries skip fsyncs, which change no behaviour here but would dominate the run time.
    Arbitrary<LogOptions> options =
        Arbitraries.frequency(
            Tuple.of(5, new LogOptions(FlushPolicy.NEVER, Clock.SYSTEM, NO_FSYNC)),
            Tuple.of(2, new LogOptions(FlushPolicy.ALWAYS, Clock.SYSTEM, NO_FSYNC)),
            Tuple.of(1, LogOptions.defaults()));
    return Combinators.combine(segmentBytes, indexInterval, segmentIndexBytes, options)
        .flatAs(
            (bytes, interval, indexBytes, logOptions) -> {
              LogConfig config =
                  LogConfig.defaults()
                      .with(
                          Map.of(
                              LogConfig.SEGMENT_BYTES, Integer.toString(bytes),
                              LogConfig.INDEX_INTERVAL_BYTES, Integer.toString(interval),
                              LogConfig.SEGMENT_INDEX_BYTES, Integer.toString(indexBytes)));
              return ActionChain.startWith(() -> newLog(config, logOptions))
                  .withAction(8, append())
                  .withAction(2, appendBatches())
                  .withAction(4, read())
                  .withAction(1, reopen(true))
                  .withAction(1, reopen(false))
                  .withAction(1, crash())
                  .withAction(1, roll())
                  .withAction(1, retention())
                  .withAction(1, deleteSegmentsBefore())
                  .withAction(1, truncate())
                  .withAction(1, offsetForTimestamp())
                  .withMaxTransformations(80);
            });
  }

  private LogUnderTest newLog(LogConfig config, LogOptions options) {
    LogUnderTest log = new LogUnderTest(config, options);
    logs.add(log);
    return log;
  }

  // ---------------------------------------------------------------------------------------------
  // Actions. Offsets are drawn as fractions and placed in the log's range when the action runs,
  // so an action stays valid when shrinking removes the ones before it.

  private static Action.Independent<LogUnderTest> append() {
    return () ->
        Combinators.combine(records(), compressions())
            .as(
                (records, compression) ->
                    Transformer.mutate(
                        "append " + records.size() + " " + compression,
                        log -> log.append(records, compression)));
  }

  /** Appends several batches in one call, as a Kafka client's produce request may carry. */
  private static Action.Independent<LogUnderTest> appendBatches() {
    return () ->
        Combinators.combine(records(), compressions())
            .as(Batch::new)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(
                list ->
                    Transformer.mutate(
                        "appendBatches " + list.size(), log -> log.appendBatches(list)));
  }

  /** Records and how to compress them. */
  record Batch(List<RecordData> records, Compression compression) {}

  private static Action.Independent<LogUnderTest> read() {
    return () ->
        Combinators.combine(fraction(), Arbitraries.integers().between(1, 8192))
            .as(
                (at, maxBytes) ->
                    Transformer.mutate(
                        "read at " + at + " max " + maxBytes, log -> log.read(at, maxBytes)));
  }

  private static Action.Independent<LogUnderTest> reopen(boolean clean) {
    return () ->
        Arbitraries.just(
            Transformer.mutate(
                clean ? "reopen clean" : "reopen unclean", log -> log.reopen(clean)));
  }

  private static Action.Independent<LogUnderTest> crash() {
    return () ->
        Combinators.combine(
                Arbitraries.of(TornWrite.class),
                Arbitraries.integers().between(1, 300),
                Arbitraries.longs())
            .as(
                (torn, length, seed) ->
                    Transformer.mutate(
                        "crash " + torn + " " + length, log -> log.crash(torn, length, seed)));
  }

  /** What a crash leaves at the end of the last segment, past the last acknowledged batch. */
  enum TornWrite {
    NOTHING,
    GARBAGE,
    PART_OF_A_BATCH
  }

  private static Action.Independent<LogUnderTest> roll() {
    return () -> Arbitraries.just(Transformer.mutate("roll", LogUnderTest::roll));
  }

  private static Action.Independent<LogUnderTest> retention() {
    return () ->
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(-1)),
                    Tuple.of(3, Arbitraries.integers().between(0, 8192))),
                Arbitraries.of(-1L, RETENTION_MS))
            .as(
                (bytes, ms) ->
                    Transformer.mutate(
                        "retention bytes " + bytes + " ms " + ms,
                        log -> log.enforceRetention(bytes, ms)));
  }

  private static Action.Independent<LogUnderTest> deleteSegmentsBefore() {
    return () ->
        fraction()
            .map(
                at ->
                    Transformer.mutate(
                        "deleteSegmentsBefore " + at, log -> log.deleteSegmentsBefore(at)));
  }

  private static Action.Independent<LogUnderTest> truncate() {
    return () ->
        fraction().map(at -> Transformer.mutate("truncate at " + at, log -> log.truncate(at)));
  }

  private static Action.Independent<LogUnderTest> offsetForTimestamp() {
    return () ->
        Combinators.combine(fraction(), Arbitraries.integers().between(-1, 1))
            .as(
                (which, delta) ->
                    Transformer.mutate(
                        "offsetForTimestamp " + which + "+" + delta,
                        log -> log.offsetForTimestamp(which, delta)));
  }

  /** A position in a range, as a fraction of a million. */
  private static Arbitrary<Integer> fraction() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0)),
        Tuple.of(1, Arbitraries.just(1_000_000)),
        Tuple.of(6, Arbitraries.integers().between(0, 1_000_000)));
  }

  private static Arbitrary<Compression> compressions() {
    return Arbitraries.of(Compression.class);
  }

  /**
   * One to twenty records for a batch, timestamped around now; one batch in eight is a month old,
   * which lets retention.ms delete its segment.
   */
  private static Arbitrary<List<RecordData>> records() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.1);
    Arbitrary<RecordHeader> header =
        Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(5), bytes)
            .as(RecordHeader::new);
    Arbitrary<RecordData> record =
        Combinators.combine(
                Arbitraries.longs().between(-10_000, 10_000),
                bytes,
                bytes,
                header.list().ofMaxSize(2))
            .as(RecordData::new);
    return Combinators.combine(
            record.list().ofMinSize(1).ofMaxSize(20),
            Arbitraries.frequency(Tuple.of(7, NOW), Tuple.of(1, OLD)))
        .as(
            (list, base) ->
                list.stream()
                    .map(r -> new RecordData(base + r.timestamp(), r.key(), r.value(), r.headers()))
                    .toList());
  }

  // ---------------------------------------------------------------------------------------------
  // The system under test and its model

  /** A batch as the model knows it. */
  record ModelBatch(long baseOffset, List<RecordData> records, int sizeInBytes) {
    long lastOffset() {
      return baseOffset + records.size() - 1;
    }

    long maxTimestamp() {
      return records.stream().mapToLong(RecordData::timestamp).max().orElseThrow();
    }
  }

  /** A partition log in its own directory, with the model it must agree with. */
  static final class LogUnderTest {
    private final Path root;
    private Path dir;
    private int crashes;
    private final LogConfig config;
    private final LogOptions options;
    private PartitionLog log;

    /** The model: the batches in [start, end), in order. */
    private final List<ModelBatch> batches = new ArrayList<>();

    private long start;
    private long end;

    LogUnderTest(LogConfig config, LogOptions options) {
      this.config = config;
      this.options = options;
      try {
        this.root = Files.createTempDirectory("partition-log-model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.dir = root.resolve(TP.topic() + "-" + TP.partition());
      this.log = open(false);
    }

    private PartitionLog open(boolean clean) {
      return PartitionLog.open(dir, TP, config, options, clean);
    }

    void append(List<RecordData> records, Compression compression) {
      long sizeBefore = log.sizeInBytes();
      AppendResult result = log.append(records, compression);
      assertThat(result).isEqualTo(new AppendResult(end, end + records.size() - 1, records.size()));
      int size = Math.toIntExact(log.sizeInBytes() - sizeBefore);
      batches.add(new ModelBatch(end, List.copyOf(records), size));
      end += records.size();
    }

    void appendBatches(List<Batch> list) {
      List<ByteBuffer> encoded = new ArrayList<>();
      for (Batch b : list) {
        encoded.add(Batches.encode(b.records(), b.compression()));
      }
      ByteBuffer all = ByteBuffer.allocate(encoded.stream().mapToInt(ByteBuffer::remaining).sum());
      encoded.forEach(b -> all.put(b.duplicate()));
      all.flip();
      int count = list.stream().mapToInt(b -> b.records().size()).sum();
      AppendResult result = log.append(all);
      assertThat(result).isEqualTo(new AppendResult(end, end + count - 1, count));
      for (int i = 0; i < list.size(); i++) {
        List<RecordData> records = list.get(i).records();
        batches.add(new ModelBatch(end, List.copyOf(records), encoded.get(i).remaining()));
        end += records.size();
      }
    }

    void read(int at, int maxBytes) {
      long offset = place(at, start, end);
      LogReadResult result = log.read(offset, maxBytes);
      assertThat(result.highWatermark()).isEqualTo(end);
      assertThat(result.logStartOffset()).isEqualTo(start);
      if (offset == end) {
        assertThat(result.records().isEmpty()).isTrue();
        return;
      }
      List<BatchInfo> got = result.records().batches();
      assertThat(got).as("read at %d returns at least one batch", offset).isNotEmpty();
      int first = indexOfBatchHolding(offset);
      assertThat(first + got.size()).isLessThanOrEqualTo(batches.size());
      List<RecordData> expected = new ArrayList<>();
      int bytes = 0;
      for (int i = 0; i < got.size(); i++) {
        ModelBatch m = batches.get(first + i);
        BatchInfo b = got.get(i);
        assertThat(b.baseOffset()).isEqualTo(m.baseOffset());
        assertThat(b.lastOffset()).isEqualTo(m.lastOffset());
        assertThat(b.sizeInBytes()).isEqualTo(m.sizeInBytes());
        assertThat(b.maxTimestamp()).isEqualTo(m.maxTimestamp());
        expected.addAll(m.records());
        bytes += b.sizeInBytes();
      }
      if (got.size() > 1) {
        assertThat(bytes).isLessThanOrEqualTo(maxBytes);
      }
      List<LogRecord> records = result.records().records();
      assertThat(records).extracting(LogRecord::data).containsExactlyElementsOf(expected);
      long next = batches.get(first).baseOffset();
      for (LogRecord r : records) {
        assertThat(r.offset()).isEqualTo(next++);
      }
      assertThat(result.records().records(offset).get(0).offset()).isEqualTo(offset);
      // As many batches as fit, unless the next one starts another segment.
      int following = first + got.size();
      if (following < batches.size()) {
        ModelBatch m = batches.get(following);
        boolean fits = bytes + m.sizeInBytes() <= maxBytes;
        boolean nextSegment = segments().containsKey(m.baseOffset());
        assertThat(!fits || nextSegment)
            .as(
                "batch at %d fits in %d bytes after %d, in the same segment",
                m.baseOffset(), maxBytes, bytes)
            .isTrue();
      }
    }

    void reopen(boolean clean) {
      log.close();
      log = open(clean);
      checkContent();
    }

    /**
     * A process crash: the files as they are at this moment (what the page cache holds after the
     * process dies) are copied aside, with what a torn write may have left at the end, and opened
     * as after an unclean stop. The old log is closed after the copy is taken, so whatever it
     * writes while closing stays in the old directory.
     */
    void crash(TornWrite torn, int length, long seed) {
      Path copy = root.resolve("crash-" + ++crashes);
      NavigableMap<Long, Long> segments = segments();
      try (Stream<Path> files = Files.list(dir)) {
        Files.createDirectories(copy);
        for (Path f : files.toList()) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
        Path last = copy.resolve(String.format("%020d.log", segments.lastKey()));
        Files.write(last, tornTail(torn, length, seed), StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      log.close();
      dir = copy;
      log = open(false);
      assertThat(segments()).isEqualTo(segments);
      checkContent();
    }

    private byte[] tornTail(TornWrite torn, int length, long seed) {
      Random random = new Random(seed);
      switch (torn) {
        case GARBAGE -> {
          byte[] garbage = new byte[length];
          random.nextBytes(garbage);
          return garbage;
        }
        case PART_OF_A_BATCH -> {
          List<RecordData> records = new ArrayList<>();
          for (int i = 0; i <= length % 20; i++) {
            byte[] value = new byte[random.nextInt(64)];
            random.nextBytes(value);
            records.add(RecordData.of(NOW, null, value));
          }
          ByteBuffer batch = Batches.encode(records, Compression.NONE);
          batch.putLong(batch.position(), end);
          byte[] bytes = new byte[batch.remaining()];
          batch.get(bytes);
          return Arrays.copyOf(bytes, length % bytes.length);
        }
        default -> {
          return new byte[0];
        }
      }
    }

    void roll() {
      NavigableMap<Long, Long> before = segments();
      log.roll();
      NavigableMap<Long, Long> after = segments();
      if (before.lastEntry().getValue() > 0) {
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after.lastKey()).isEqualTo(end);
        assertThat(after.lastEntry().getValue()).isZero();
      } else {
        assertThat(after).isEqualTo(before);
      }
    }

    void enforceRetention(int retentionBytes, long retentionMs) {
      NavigableMap<Long, Long> before = segments();
      log.updateConfig(config.withRetention(retentionBytes, retentionMs));
      int deleted;
      try {
        deleted = log.enforceRetention();
      } finally {
        log.updateConfig(config);
      }
      NavigableMap<Long, Long> after = segments();
      long newStart = log.logStartOffset();
      assertThat(before).containsKey(newStart);
      assertThat(after).isEqualTo(before.tailMap(newStart, true));
      assertThat(deleted).isEqualTo(before.headMap(newStart).size());
      // The oldest segments went while they were over either limit; the active one stays.
      long total = before.values().stream().mapToLong(Long::longValue).sum();
      long now = System.currentTimeMillis();
      for (Map.Entry<Long, Long> s : before.headMap(before.lastKey()).entrySet()) {
        boolean bySize = retentionBytes >= 0 && total - s.getValue() >= retentionBytes;
        long maxTimestamp = maxTimestampOfSegment(s.getKey(), before.higherKey(s.getKey()));
        boolean byTime = retentionMs >= 0 && maxTimestamp >= 0 && now - maxTimestamp > retentionMs;
        assertThat(s.getKey() < newStart)
            .as("segment %d deleted (by size %s, by time %s)", s.getKey(), bySize, byTime)
            .isEqualTo(bySize || byTime);
        if (!bySize && !byTime) {
          break;
        }
        total -= s.getValue();
      }
      assertThat(newStart).isBetween(start, end);
      batches.removeIf(b -> b.baseOffset() < newStart);
      assertThat(batches.isEmpty() ? end : batches.get(0).baseOffset())
          .as("retention cuts at a batch boundary")
          .isEqualTo(newStart);
      start = newStart;
      checkContent();
    }

    void deleteSegmentsBefore(int at) {
      long offset = place(at, start, end);
      NavigableMap<Long, Long> before = segments();
      // Every sealed segment whose offsets all lie below the offset goes, from the oldest on.
      long newStart = before.firstKey();
      while (newStart != before.lastKey() && before.higherKey(newStart) <= offset) {
        newStart = before.higherKey(newStart);
      }
      assertThat(log.deleteSegmentsBefore(offset)).isEqualTo(before.headMap(newStart).size());
      assertThat(log.logStartOffset()).isEqualTo(newStart);
      assertThat(segments()).isEqualTo(before.tailMap(newStart, true));
      long kept = newStart;
      batches.removeIf(b -> b.baseOffset() < kept);
      start = newStart;
      checkContent();
    }

    void truncate(int at) {
      long offset = place(at, start, end);
      batches.removeIf(b -> b.lastOffset() >= offset);
      long expectedEnd =
          batches.isEmpty() ? start : batches.get(batches.size() - 1).lastOffset() + 1;
      assertThat(log.truncateTo(offset)).isEqualTo(expectedEnd);
      end = expectedEnd;
      checkContent();
    }

    void offsetForTimestamp(int which, int delta) {
      List<RecordData> all = batches.stream().flatMap(b -> b.records().stream()).toList();
      long timestamp =
          all.isEmpty() ? NOW : all.get((int) place(which, 0, all.size() - 1)).timestamp() + delta;
      OptionalLong expected = OptionalLong.empty();
      for (ModelBatch b : batches) {
        if (b.maxTimestamp() >= timestamp) {
          for (int i = 0; i < b.records().size(); i++) {
            if (b.records().get(i).timestamp() >= timestamp) {
              expected = OptionalLong.of(b.baseOffset() + i);
              break;
            }
          }
          break;
        }
      }
      assertThat(log.offsetForTimestamp(timestamp))
          .as("timestamp %d", timestamp)
          .isEqualTo(expected);
    }

    /** The log's bounds are the model's; segment files start at the log start, in order. */
    void checkBounds() {
      assertThat(log.logStartOffset()).isEqualTo(start);
      assertThat(log.logEndOffset()).isEqualTo(end);
      assertThat(log.highWatermark()).isEqualTo(end);
      NavigableMap<Long, Long> segments = segments();
      assertThat(segments.firstKey()).isEqualTo(start);
      assertThat(segments.lastKey()).isLessThanOrEqualTo(end);
      assertThat(log.segmentCount()).isEqualTo(segments.size());
      assertThat(log.sizeInBytes())
          .isEqualTo(segments.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Reads the whole log in pieces and compares every record with the model. */
    void checkContent() {
      checkBounds();
      List<LogRecord> got = new ArrayList<>();
      long next = start;
      while (next < end) {
        List<LogRecord> part = log.read(next, 1500).records().records(next);
        assertThat(part).as("read at %d", next).isNotEmpty();
        got.addAll(part);
        next = part.get(part.size() - 1).offset() + 1;
      }
      List<RecordData> expected = batches.stream().flatMap(b -> b.records().stream()).toList();
      assertThat(got).extracting(LogRecord::data).containsExactlyElementsOf(expected);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).offset()).isEqualTo(start + i);
      }
      assertThat(log.verify()).isEmpty();
    }

    private long maxTimestampOfSegment(long from, long to) {
      return batches.stream()
          .filter(b -> b.baseOffset() >= from && b.baseOffset() < to)
          .mapToLong(ModelBatch::maxTimestamp)
          .max()
          .orElse(-1);
    }

    private int indexOfBatchHolding(long offset) {
      for (int i = 0; i < batches.size(); i++) {
        if (batches.get(i).lastOffset() >= offset) {
          assertThat(batches.get(i).baseOffset()).isLessThanOrEqualTo(offset);
          return i;
        }
      }
      throw new AssertionError("no batch holds offset " + offset);
    }

    /** Segment base offset to .log file size, from the directory. */
    private NavigableMap<Long, Long> segments() {
      NavigableMap<Long, Long> out = new TreeMap<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".log")) {
            out.put(Long.parseLong(name.substring(0, 20)), Files.size(f));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    private static long place(int fraction, long from, long to) {
      return from + (long) ((to - from) * (fraction / 1_000_000.0));
    }

    void destroy() {
      closeQuietly(log);
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void closeQuietly(PartitionLog l) {
      try {
        l.close();
      } catch (RuntimeException ignored) {
        // Cleaning up after a failed try; the failure is what counts.
      }
    }

    @Override
    public String toString() {
      return "LogUnderTest["
          + config.segmentBytes()
          + " B segments, flush "
          + options.flushPolicy()
          + ", "
          + batches.size()
          + " batches in ["
          + start
          + ", "
          + end
          + ")]";
    }
  }
}
