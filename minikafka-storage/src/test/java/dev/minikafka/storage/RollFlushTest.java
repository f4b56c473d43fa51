package dev.minikafka.storage;

import static dev.minikafka.storage.LogContents.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling under {@code flush=never}/{@code interval}: sealing a segment does not wait for its fsync
 * (a flusher thread does it), the recovery point stays below the sealed data until then, and after
 * a crash that tore a sealed segment, recovery cuts it and drops what followed, keeping offsets
 * dense.
 */
class RollFlushTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);
  private static final LogConfig SMALL_SEGMENTS =
      LogConfig.defaults()
          .with(Map.of(LogConfig.SEGMENT_BYTES, "4096", LogConfig.INDEX_INTERVAL_BYTES, "256"));

  @TempDir Path tmp;

  private final FaultyFileIo io = new FaultyFileIo();
  private PartitionLog log;

  @AfterEach
  void close() {
    io.releaseForces();
    if (log != null) {
      log.close();
    }
  }

  private PartitionLog open(FlushPolicy policy, boolean clean, long recoveryPoint) {
    log =
        PartitionLog.open(
            tmp.resolve("t-0"),
            TP,
            SMALL_SEGMENTS,
            new LogOptions(policy, Clock.SYSTEM, io),
            clean,
            recoveryPoint);
    return log;
  }

  private static List<RecordData> records(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> RecordData.of(1_000 + i, null, ("value-" + i).getBytes(UTF_8)))
        .toList();
  }

  @Test
  void aRollUnderFlushNeverDoesNotWaitForTheSealedSegmentsFsync() throws Exception {
    PartitionLog log = open(FlushPolicy.NEVER, true, 0);
    io.holdForces();
    // Appending until a roll happens must not block on the held forces.
    CompletableFuture<Void> appends =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; log.segmentCount() < 3; i += 10) {
                log.append(records(i, 10), Compression.NONE);
              }
            });
    appends.get(10, TimeUnit.SECONDS);
    assertThat(log.recoveryPoint())
        .as("nothing sealed is counted durable before its fsync")
        .isZero();

    io.releaseForces();
    List<Path> files = logFiles();
    long sealedEnd = baseOffset(files.get(files.size() - 1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.recoveryPoint() < sealedEnd && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(log.recoveryPoint())
        .as("the flusher forced the sealed segments")
        .isGreaterThanOrEqualTo(sealedEnd);
  }

  @Test
  void aSealedSegmentTornInACrashIsCutAndLaterSegmentsGo() throws IOException {
    List<RecordData> all = writeClosedLog();

    // As if the machine stopped before the second segment's pages reached the disk: its second
    // half is lost, while later segments (written back by the kernel in another order) survived.
    List<Path> segments = logFiles();
    Path torn = segments.get(1);
    long tornBase = baseOffset(torn);
    try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2 + 7);
    }

    PartitionLog reopened = open(FlushPolicy.NEVER, false, tornBase);
    long end = reopened.logEndOffset();
    assertThat(end).isGreaterThan(tornBase).isLessThan(baseOffset(segments.get(2)));
    assertThat(logFiles()).as("segments after the cut are gone").hasSize(2);
    assertThat(reopened.verify()).isEmpty();
    List<LogRecord> read = readAll(reopened);
    assertThat(read).extracting(LogRecord::offset).containsExactlyElementsOf(range(end));
    assertThat(read.stream().map(LogRecord::data).toList()).isEqualTo(all.subList(0, (int) end));

    // It takes appends at the new end, with dense offsets.
    assertThat(reopened.append(records(900, 1), Compression.NONE).baseOffset()).isEqualTo(end);
  }

  @Test
  void segmentsBelowTheRecoveryPointAreNotValidatedAgain() throws IOException {
    List<RecordData> all = writeClosedLog();
    List<Path> segments = logFiles();
    long lastBase = baseOffset(segments.get(segments.size() - 1));

    // A torn second segment below the recovery point is corruption of durable data: reopening
    // with the recovery point past it leaves its bytes alone (verify() reports it).
    Path sealed = segments.get(1);
    long size = Files.size(sealed);
    try (FileChannel ch = FileChannel.open(sealed, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), size / 2);
    }
    PartitionLog reopened = open(FlushPolicy.NEVER, false, lastBase);
    assertThat(Files.size(sealed)).isEqualTo(size);
    assertThat(reopened.logEndOffset()).isEqualTo(all.size());
    assertThat(reopened.verify()).hasSize(1);
  }

  /** Writes 600 records in batches of 5 over several segments and closes the log cleanly. */
  private List<RecordData> writeClosedLog() {
    PartitionLog first = open(FlushPolicy.NEVER, true, 0);
    List<RecordData> all = records(0, 600);
    for (int i = 0; i < all.size(); i += 5) {
      first.append(all.subList(i, i + 5), Compression.NONE);
    }
    assertThat(first.segmentCount()).isGreaterThan(4);
    first.close();
    log = null;
    return all;
  }

  private static List<Long> range(long end) {
    return LongStream.range(0, end).boxed().toList();
  }

  private List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve("t-0"))) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
  }

  private static long baseOffset(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".log".length()));
  }
}
