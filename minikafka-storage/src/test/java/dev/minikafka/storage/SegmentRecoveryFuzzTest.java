package dev.minikafka.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of opening a partition on files of arbitrary bytes (a segment, its offset
 * and time indexes; a second segment at an arbitrary base offset), after a clean or an unclean
 * stop: the log opens, repaired (a bad tail cut, indexes rebuilt), or it is refused with a {@link
 * CorruptRecordException} or {@link StorageException}; never another exception. A log that opens
 * reads back every offset it claims, or names the corrupt batch, and takes an append at its end.
 *
 * <p>Regression mode in {@code bin/test}: the inputs under {@code
 * src/test/resources/.../SegmentRecoveryFuzzTestInputs/} plus an empty one. To fuzz, see {@code
 * docs/hostile-input.md}.
 */
class SegmentRecoveryFuzzTest {
  private static final TopicPartition TP = new TopicPartition("fuzz", 0);
  private static final LogConfig CONFIG =
      LogConfig.defaults()
          .with(
              java.util.Map.of(
                  LogConfig.SEGMENT_BYTES, "4096", LogConfig.INDEX_INTERVAL_BYTES, "128"));

  /** No fsync: what recovery decides does not depend on it, and fuzzing runs many times faster. */
  private static final LogOptions OPTIONS =
      LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER);

  @FuzzTest(maxDuration = "2m")
  void anyFilesOpenRepairedOrAreRefusedTyped(FuzzedDataProvider data) throws IOException {
    Path dir = Files.createTempDirectory("minikafka-fuzz-log");
    try {
      boolean clean = data.consumeBoolean();
      long recoveryPoint = data.consumeBoolean() ? 0 : data.consumeLong(0, 1_000);
      byte[] index = data.consumeBytes(data.consumeInt(0, 96));
      byte[] timeIndex = data.consumeBytes(data.consumeInt(0, 96));
      long secondBase = data.consumeBoolean() ? -1 : data.consumeLong(0, 1_000);
      byte[] second = secondBase < 0 ? new byte[0] : data.consumeBytes(data.consumeInt(0, 512));
      byte[] log = data.consumeRemainingAsBytes();
      write(dir, 0, log, index, timeIndex);
      if (secondBase >= 0) {
        write(dir, secondBase, second, new byte[0], new byte[0]);
      }
      PartitionLog opened;
      try {
        opened = PartitionLog.open(dir, TP, CONFIG, OPTIONS, clean, recoveryPoint);
      } catch (CorruptRecordException | StorageException refused) {
        assertThat(refused.getMessage()).isNotBlank();
        return;
      }
      try (PartitionLog partition = opened) {
        readAll(partition);
        long end = partition.highWatermark();
        AppendResult appended =
            partition.append(
                List.of(RecordData.of(1L, null, "after".getBytes(StandardCharsets.UTF_8))),
                Compression.NONE);
        assertThat(appended.baseOffset()).isEqualTo(end);
        List<LogRecord> last = partition.read(end, 1 << 16).records().records(end);
        assertThat(last).hasSize(1);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /** Reads every offset from the log start on; a corrupt batch may be named, nothing else. */
  private static void readAll(PartitionLog partition) {
    long offset = partition.logStartOffset();
    long end = partition.highWatermark();
    while (offset < end) {
      List<LogRecord> records;
      try {
        records = partition.read(offset, 1 << 16).records().records(offset);
      } catch (CorruptRecordException corrupt) {
        return;
      }
      if (records.isEmpty()) {
        return; // a gap (offsets compacted away or skipped by a batch): nothing more to learn
      }
      long next = records.getLast().offset() + 1;
      assertThat(next).isGreaterThan(offset);
      offset = next;
    }
  }

  private static void write(Path dir, long base, byte[] log, byte[] index, byte[] timeIndex)
      throws IOException {
    String name = String.format("%020d", base);
    Files.write(dir.resolve(name + ".log"), log);
    if (index.length > 0) {
      Files.write(dir.resolve(name + ".index"), index);
    }
    if (timeIndex.length > 0) {
      Files.write(dir.resolve(name + ".timeindex"), timeIndex);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
