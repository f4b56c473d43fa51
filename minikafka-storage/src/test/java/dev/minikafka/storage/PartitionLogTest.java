package dev.minikafka.storage;

import static dev.minikafka.storage.LogContents.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.RecordTooLargeException;
import dev.minikafka.storage.internal.ForwardingFileChannel;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PartitionLogTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  @TempDir Path dir;

  private PartitionLog open(LogConfig config) {
    return PartitionLog.open(dir.resolve("t-0"), TP, config, LogOptions.defaults(), false);
  }

  private static List<RecordData> records(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(
            i ->
                new RecordData(
                    1_000L + i,
                    ("k" + i).getBytes(UTF_8),
                    ("v" + i).getBytes(UTF_8),
                    List.of(new RecordHeader("h", ("x" + i).getBytes(UTF_8)))))
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void appendsGetDenseOffsetsAndReadBackAsWritten(Compression compression) {
    try (PartitionLog log = open(LogConfig.defaults())) {
      AppendResult first = log.append(records(0, 10), compression);
      AppendResult second = log.append(records(10, 5), compression);
      assertThat(first).isEqualTo(new AppendResult(0, 9, 10));
      assertThat(second).isEqualTo(new AppendResult(10, 14, 5));
      assertThat(log.highWatermark()).isEqualTo(15);
      List<LogRecord> all = readAll(log);
      assertThat(all).extracting(LogRecord::offset).containsExactlyElementsOf(range(0, 15));
      assertThat(all).extracting(LogRecord::data).containsExactlyElementsOf(records(0, 15));
    }
  }

  @Test
  void readStartsAtTheBatchHoldingTheOffsetAndReturnsAtLeastOneBatch() {
    try (PartitionLog log = open(LogConfig.defaults())) {
      log.append(records(0, 100), Compression.NONE);
      log.append(records(100, 100), Compression.NONE);
      LogReadResult r = log.read(150, 1);
      assertThat(r.records().batches()).hasSize(1);
      assertThat(r.records().batches().get(0).baseOffset()).isEqualTo(100);
      assertThat(r.records().records(150).get(0).offset()).isEqualTo(150);
    }
  }

  @Test
  void withoutMinOneBatchABatchLargerThanTheBytesAskedIsNotRead() {
    try (PartitionLog log = open(LogConfig.defaults())) {
      log.append(records(0, 100), Compression.NONE);
      log.append(records(100, 3), Compression.NONE);
      int big = log.read(0, 1, true).records().sizeInBytes();
      int small = log.read(100, 1, true).records().sizeInBytes();
      assertThat(big).isGreaterThan(small);

      LogReadResult none = log.read(0, big - 1, false);
      assertThat(none.records().isEmpty()).isTrue();
      assertThat(none.highWatermark()).isEqualTo(103);
      assertThat(log.read(0, big, false).records().batches()).hasSize(1);
      assertThat(log.read(0, big + small - 1, false).records().sizeInBytes()).isEqualTo(big);
      assertThat(log.read(0, big + small, false).records().batches()).hasSize(2);
      assertThat(log.read(100, small, false).records().records(100))
          .extracting(LogRecord::offset)
          .containsExactly(100L, 101L, 102L);
    }
  }

  @Test
  void survivesReopenAndRollsBySize() {
    LogConfig small = LogConfig.defaults().withSegmentBytes(1024);
    try (PartitionLog log = open(small)) {
      for (int i = 0; i < 50; i++) {
        log.append(records(i * 4, 4), Compression.NONE);
      }
      assertThat(log.segmentCount()).isGreaterThan(5);
    }
    try (PartitionLog log = open(small)) {
      assertThat(log.logEndOffset()).isEqualTo(200);
      assertThat(readAll(log))
          .extracting(LogRecord::data)
          .containsExactlyElementsOf(records(0, 200));
      assertThat(log.append(records(200, 1), Compression.NONE).baseOffset()).isEqualTo(200);
    }
    assertThat(dir.resolve("t-0/00000000000000000000.log")).exists();
    assertThat(dir.resolve("t-0/00000000000000000000.index")).exists();
    assertThat(dir.resolve("t-0/00000000000000000000.timeindex")).exists();
  }

  @Test
  void offsetsOutsideTheLogAreRejected() {
    try (PartitionLog log = open(LogConfig.defaults())) {
      log.append(records(0, 3), Compression.NONE);
      assertThat(log.read(3, 100).records().isEmpty()).isTrue();
      assertThatThrownBy(() -> log.read(4, 100)).isInstanceOf(OffsetOutOfRangeException.class);
      assertThatThrownBy(() -> log.read(-1, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    }
  }

  @Test
  void batchesOverTheLimitAreRejectedAndNothingChanges() throws Exception {
    try (PartitionLog log = open(LogConfig.defaults().withMaxMessageBytes(1024))) {
      log.append(records(0, 1), Compression.NONE);
      long size = Files.size(dir.resolve("t-0/00000000000000000000.log"));
      byte[] big = new byte[2048];
      assertThatThrownBy(() -> log.append(List.of(RecordData.of(1, null, big)), Compression.NONE))
          .isInstanceOf(RecordTooLargeException.class)
          .hasMessageContaining("1024");
      assertThat(log.logEndOffset()).isEqualTo(1);
      assertThat(Files.size(dir.resolve("t-0/00000000000000000000.log"))).isEqualTo(size);
    }
  }

  @Test
  void findsOffsetsByTimestamp() {
    try (PartitionLog log = open(LogConfig.defaults().withSegmentBytes(2048))) {
      for (int i = 0; i < 40; i++) {
        log.append(records(i * 5, 5), Compression.NONE);
      }
      assertThat(log.offsetForTimestamp(0)).hasValue(0);
      assertThat(log.offsetForTimestamp(1_000 + 123)).hasValue(123);
      assertThat(log.offsetForTimestamp(1_000 + 199)).hasValue(199);
      assertThat(log.offsetForTimestamp(1_000 + 200)).isEmpty();
    }
  }

  @Test
  void retentionBySizeDeletesWholeOldSegments() {
    LogConfig config = LogConfig.defaults().withSegmentBytes(1024).withRetention(4096, -1);
    try (PartitionLog log = open(config)) {
      for (int i = 0; i < 100; i++) {
        log.append(records(i * 4, 4), Compression.NONE);
      }
      int before = log.segmentCount();
      assertThat(log.enforceRetention()).isPositive();
      assertThat(log.segmentCount()).isLessThan(before);
      assertThat(log.sizeInBytes()).isLessThan(4096 + 1024);
      long start = log.logStartOffset();
      assertThat(start).isPositive();
      assertThat(readAll(log))
          .extracting(LogRecord::offset)
          .containsExactlyElementsOf(range(start, 400));
    }
  }

  @Test
  void truncateRemovesWholeBatchesFromTheEnd() {
    try (PartitionLog log = open(LogConfig.defaults().withSegmentBytes(1024))) {
      for (int i = 0; i < 30; i++) {
        log.append(records(i * 4, 4), Compression.NONE);
      }
      assertThat(log.truncateTo(42)).isEqualTo(40);
      assertThat(log.logEndOffset()).isEqualTo(40);
      assertThat(log.highWatermark()).isEqualTo(40);
      assertThat(log.append(records(40, 2), Compression.NONE).baseOffset()).isEqualTo(40);
      assertThat(readAll(log))
          .extracting(LogRecord::data)
          .containsExactlyElementsOf(records(0, 42));
    }
  }

  @Test
  void rollsByAgeAndDeletesByTimeWithAnInjectedClock() {
    AtomicLong now = new AtomicLong(1_000_000);
    Clock clock =
        new Clock() {
          @Override
          public long milliseconds() {
            return now.get();
          }

          @Override
          public long nanoseconds() {
            return now.get() * 1_000_000;
          }
        };
    LogConfig config =
        LogConfig.defaults()
            .with(Map.of(LogConfig.SEGMENT_MS, "1000", LogConfig.RETENTION_MS, "5000"));
    LogOptions options = new LogOptions(FlushPolicy.NEVER, clock, FileIo.DEFAULT);
    try (PartitionLog log = PartitionLog.open(dir.resolve("t-0"), TP, config, options, false)) {
      for (int i = 0; i < 6; i++) {
        log.append(List.of(RecordData.of(now.get(), null, new byte[10])), Compression.NONE);
        now.addAndGet(1_500);
      }
      assertThat(log.segmentCount()).isEqualTo(6);
      assertThat(log.enforceRetention()).isEqualTo(3);
      assertThat(log.logStartOffset()).isEqualTo(3);
      assertThat(log.read(3, 100).records().records().get(0).offset()).isEqualTo(3);
    }
  }

  @Test
  void concurrentAppendsUnderFlushAlwaysGetUniqueDenseOffsetsAndShareFsyncs() throws Exception {
    int threads = 4;
    int perThread = 200;
    AtomicLong fsyncs = new AtomicLong();
    FileIo counting =
        (path, opts) ->
            new ForwardingFileChannel(FileIo.DEFAULT.open(path, opts)) {
              @Override
              public void force(boolean metaData) throws java.io.IOException {
                fsyncs.incrementAndGet();
                super.force(metaData);
              }
            };
    LogOptions options = LogOptions.defaults().withFileIo(counting);
    LogConfig config = LogConfig.defaults().withSegmentBytes(16 * 1024);
    try (PartitionLog log = PartitionLog.open(dir.resolve("t-0"), TP, config, options, false)) {
      List<Long> offsets = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicLong maxSeenBeyondHighWatermark = new AtomicLong(-1);
      Thread reader =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.onSpinWait();
                  long hw = log.highWatermark();
                  if (hw > 0) {
                    long last = log.read(hw - 1, 1 << 16).records().records(hw - 1).get(0).offset();
                    if (last >= hw) {
                      maxSeenBeyondHighWatermark.set(last);
                    }
                  }
                }
              });
      reader.start();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread w =
            new Thread(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    AppendResult r = log.append(records(id * perThread + i, 1), Compression.NONE);
                    assertThat(log.highWatermark()).isGreaterThan(r.lastOffset());
                    offsets.add(r.baseOffset());
                  }
                });
        writers.add(w);
        w.start();
      }
      for (Thread w : writers) {
        w.join();
      }
      reader.interrupt();
      reader.join();
      assertThat(offsets).hasSize(threads * perThread).doesNotHaveDuplicates();
      assertThat(offsets.stream().mapToLong(Long::longValue).max())
          .hasValue(threads * perThread - 1);
      assertThat(maxSeenBeyondHighWatermark.get()).isEqualTo(-1);
      assertThat(readAll(log)).hasSize(threads * perThread);
      System.out.printf(
          "group commit: %d appends from %d threads, %d fsyncs%n",
          threads * perThread, threads, fsyncs.get());
      assertThat(fsyncs.get()).isLessThan((long) threads * perThread);
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }
}
