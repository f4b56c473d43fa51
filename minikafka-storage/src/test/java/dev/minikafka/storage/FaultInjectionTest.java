package dev.minikafka.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk failures under a partition log: a failing fsync, a write that runs out of space part-way
 * through (both injected through {@link FaultyFileIo}), and a real file system that fills up.
 */
class FaultInjectionTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);
  private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(16 * 1024);

  /** Record timestamps: recent, so that no segment is old enough to roll by {@code segment.ms}. */
  private static final long NOW = System.currentTimeMillis();

  @TempDir Path tmp;

  private final FaultyFileIo io = new FaultyFileIo();
  private Path mounted;
  private LogManager manager;

  private Path dir() {
    return tmp.resolve("t-0");
  }

  private PartitionLog open(FileIo fileIo, boolean clean) {
    return PartitionLog.open(
        dir(), TP, CONFIG, new LogOptions(FlushPolicy.ALWAYS, Clock.SYSTEM, fileIo), clean);
  }

  private static List<RecordData> records(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(
            i ->
                RecordData.of(
                    NOW + i,
                    ("k" + i).getBytes(UTF_8),
                    ("value-" + i + "-" + "p".repeat(i % 50)).getBytes(UTF_8)))
        .toList();
  }

  private static List<RecordData> readAll(PartitionLog log) {
    List<RecordData> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.highWatermark()) {
      List<LogRecord> batch = log.read(next, 1 << 20).records().records(next);
      batch.forEach(r -> out.add(r.data()));
      next = batch.get(batch.size() - 1).offset() + 1;
    }
    return out;
  }

  private Path activeSegment(Path logDir) throws IOException {
    try (var files = Files.list(logDir)) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).get();
    }
  }

  @Test
  void failedFsyncFailsTheAppendAndTheLogButKeepsAcknowledgedDataReadable() {
    List<RecordData> all = records(0, 400);
    try (PartitionLog log = open(io, false)) {
      for (int i = 0; i < 200; i += 10) {
        log.append(all.subList(i, i + 10), Compression.NONE);
      }
      io.failForce(FaultyFileIo.endingWith(".log"));

      assertThatThrownBy(() -> log.append(all.subList(200, 210), Compression.NONE))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(FaultyFileIo.EIO);
      assertThat(io.forceFailures()).isEqualTo(1);
      assertThat(log.isFailed()).isTrue();
      assertThat(log.highWatermark()).as("the failed append is not visible").isEqualTo(200);

      io.heal();
      assertThatThrownBy(() -> log.append(all.subList(200, 210), Compression.NONE))
          .as("no retry after a failed fsync, even once the disk seems well")
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(FaultyFileIo.EIO);
      assertThat(io.forceFailures()).as("no second fsync was tried").isEqualTo(1);
      assertThat(readAll(log)).isEqualTo(all.subList(0, 200));
    }

    // The refused append was written before its fsync failed, and a crash of the process would
    // leave it in the page cache; the log cut it, so it does not come back: a produce answered
    // 503 "nothing stored" stays unstored (the checker's failed-writes-absent property).
    try (PartitionLog log = open(FileIo.DEFAULT, false)) {
      assertThat(readAll(log)).isEqualTo(all.subList(0, 200));
      assertThat(log.verify()).isEmpty();
      assertThat(log.append(all.subList(200, 210), Compression.NONE).baseOffset()).isEqualTo(200);
    }
  }

  @Test
  void failedFsyncUnderConcurrentAppendsFailsEveryUnacknowledgedAppend() throws Exception {
    int threads = 4;
    int perThread = 200;
    List<int[]> acked = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<RecordData> one = records(0, 3);
    try (PartitionLog log = open(io, false)) {
      CountDownLatch started = new CountDownLatch(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      started.countDown();
                      for (int i = 0; i < perThread; i++) {
                        try {
                          AppendResult r = log.append(one, Compression.NONE);
                          acked.add(new int[] {(int) r.baseOffset(), (int) r.lastOffset()});
                        } catch (StorageException e) {
                          errors.add(e);
                        }
                      }
                    }));
      }
      started.await();
      Thread.sleep(20);
      io.failForce(FaultyFileIo.endingWith(".log"));
      for (Thread w : workers) {
        w.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(log.isFailed()).isTrue();
      assertThat(errors).isNotEmpty().allMatch(e -> e.getMessage().contains(FaultyFileIo.EIO));
      assertThat(acked.size() + errors.size()).isEqualTo(threads * perThread);
      long maxAcked = acked.stream().mapToLong(a -> a[1]).max().orElse(-1);
      assertThat(log.highWatermark()).isGreaterThan(maxAcked);
    }
    io.heal();
    try (PartitionLog log = open(FileIo.DEFAULT, false)) {
      for (int[] a : acked) {
        List<LogRecord> read = log.read(a[0], 1).records().records(a[0]);
        assertThat(read.get(0).offset()).isEqualTo(a[0]);
        assertThat(read.subList(0, 3)).extracting(LogRecord::data).isEqualTo(one);
      }
      assertThat(log.verify()).isEmpty();
    }
  }

  @Test
  void writeThatRunsOutOfSpaceAppendsNothingAndTheLogGoesOn() throws IOException {
    List<RecordData> all = records(0, 400);
    try (PartitionLog log = open(io, false)) {
      for (int i = 0; i < 100; i += 10) {
        log.append(all.subList(i, i + 10), Compression.NONE);
      }
      Path segment = activeSegment(dir());
      long size = Files.size(segment);
      io.limitSpace(FaultyFileIo.endingWith(".log"), 100);

      StorageException e =
          catchThrowableOfType(
              StorageException.class, () -> log.append(all.subList(100, 130), Compression.NONE));
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains(FaultyFileIo.ENOSPC, segment.toString());
      assertThat(e.getCause()).isInstanceOf(IOException.class);
      assertThat(io.writeFailures()).as("the fault fired").isEqualTo(1);
      assertThat(Files.size(segment)).as("the partial write was cut off").isEqualTo(size);
      assertThat(log.logEndOffset()).isEqualTo(100);
      assertThat(log.highWatermark()).isEqualTo(100);
      assertThat(log.isFailed()).isFalse();
      assertThat(readAll(log)).isEqualTo(all.subList(0, 100));
      assertThat(log.verify()).isEmpty();

      io.heal();
      for (int i = 100; i < 400; i += 10) {
        assertThat(log.append(all.subList(i, i + 10), Compression.NONE).baseOffset()).isEqualTo(i);
      }
      assertThat(readAll(log)).isEqualTo(all);
      assertThat(log.segmentCount()).as("it rolled after the fault").isGreaterThan(1);
    }
    try (PartitionLog log = open(FileIo.DEFAULT, false)) {
      assertThat(readAll(log)).isEqualTo(all);
      assertThat(log.verify()).isEmpty();
    }
  }

  @Test
  void rollThatRunsOutOfSpaceFailsTheAppendButNotTheLog() throws IOException {
    List<RecordData> all = records(0, 1000);
    try (PartitionLog log = open(io, false)) {
      int next = 0;
      boolean faulted = false;
      while (next < all.size()) {
        List<RecordData> batch = all.subList(next, next + 10);
        long active = Files.size(activeSegment(dir()));
        boolean rolls =
            active + Batches.encode(batch, Compression.NONE).remaining() > CONFIG.segmentBytes();
        if (rolls && !faulted) {
          faulted = true;
          int segments = log.segmentCount();
          // Sealing writes the segment's largest timestamp to its time index: no space for it.
          io.limitSpace(FaultyFileIo.endingWith(".timeindex"), 0);
          assertThatThrownBy(() -> log.append(batch, Compression.NONE))
              .isInstanceOf(StorageException.class)
              .hasMessageContaining(FaultyFileIo.ENOSPC);
          assertThat(io.writeFailures()).as("the fault fired").isEqualTo(1);
          assertThat(log.isFailed()).as("a full disk is not a failed fsync").isFalse();
          assertThat(log.segmentCount()).isEqualTo(segments);
          assertThat(log.logEndOffset()).isEqualTo(next);
          assertThat(readAll(log)).isEqualTo(all.subList(0, next));
          io.heal();
        }
        assertThat(log.append(batch, Compression.NONE).baseOffset()).isEqualTo(next);
        next += 10;
      }
      assertThat(faulted).isTrue();
      assertThat(log.segmentCount()).isGreaterThan(2);
      assertThat(readAll(log)).isEqualTo(all);
    }
    try (PartitionLog log = open(FileIo.DEFAULT, false)) {
      assertThat(readAll(log)).isEqualTo(all);
      assertThat(log.verify()).isEmpty();
    }
  }

  @Test
  void fullFileSystemFailsTheAppendNamingTheCauseAndFreeingSpaceHeals() throws Exception {
    Path small = tmp.resolve("small");
    Files.createDirectories(small);
    mountTmpfs(small, "512k");
    mounted = small;
    Path ballast = mounted.resolve("ballast");
    Files.write(ballast, new byte[128 * 1024]);
    StorageConfig config =
        StorageConfig.of(mounted.resolve("data"))
            .withDefaults(LogConfig.defaults().withSegmentBytes(64 * 1024));

    List<RecordData> written = new ArrayList<>();
    manager = LogManager.open(config);
    manager.createTopic("t", 1, Map.of());
    PartitionLog log = manager.log(TP);
    StorageException full = null;
    for (int i = 0; full == null && i < 10_000; i++) {
      List<RecordData> batch = records(written.size(), 20);
      try {
        log.append(batch, Compression.NONE);
        written.addAll(batch);
      } catch (StorageException e) {
        full = e;
      }
    }
    assertThat(full).as("the 512 KiB file system filled up").isNotNull();
    assertThat(full.getMessage()).contains("No space left on device");
    assertThat(full.getCause()).isInstanceOf(IOException.class);
    assertThat(log.isFailed()).isFalse();
    assertThat(log.logEndOffset()).isEqualTo(written.size());
    assertThat(log.highWatermark()).isEqualTo(written.size());
    assertThat(readAll(log)).isEqualTo(written);
    assertThat(log.verify()).isEmpty();

    Files.delete(ballast);
    List<RecordData> more = records(written.size(), 20);
    assertThat(log.append(more, Compression.NONE).baseOffset()).isEqualTo(written.size());
    written.addAll(more);
    manager.close();

    manager = LogManager.open(config);
    assertThat(manager.openedClean()).isTrue();
    assertThat(readAll(manager.log(TP))).isEqualTo(written);
    manager.close();

    Files.delete(mounted.resolve("data/.clean-shutdown"));
    manager = LogManager.open(config);
    assertThat(manager.openedClean()).isFalse();
    log = manager.log(TP);
    assertThat(readAll(log)).isEqualTo(written);
    assertThat(log.verify()).isEmpty();
    assertThat(log.append(records(written.size(), 5), Compression.NONE).baseOffset())
        .isEqualTo(written.size());
  }

  private static void mountTmpfs(Path at, String size) throws Exception {
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    Assumptions.assumeTrue(
        done && p.exitValue() == 0,
        "skipped: cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): " + out);
  }

  @AfterEach
  void closeAndUnmount() throws Exception {
    try {
      if (manager != null) {
        manager.close();
      }
    } finally {
      manager = null;
      if (mounted != null) {
        Process p = new ProcessBuilder("umount", mounted.toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          // Still busy (a memory map not yet collected): detach it; it goes once unused.
          new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor();
        }
        mounted = null;
      }
    }
  }
}
