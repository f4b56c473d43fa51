package dev.minikafka.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under {@code flush=always}: an append is acknowledged, and visible to readers, only
 * after an fsync that began after it was written, and appends written while one fsync runs share
 * the next. Forces are held back through {@link FaultyFileIo} to pin down the moments in between.
 */
class GroupCommitTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  @TempDir Path tmp;

  private final FaultyFileIo io = new FaultyFileIo();
  private PartitionLog log;

  private PartitionLog open() {
    log =
        PartitionLog.open(
            tmp.resolve("t-0"),
            TP,
            LogConfig.defaults(),
            new LogOptions(FlushPolicy.ALWAYS, Clock.SYSTEM, io),
            true);
    return log;
  }

  @AfterEach
  void close() {
    io.releaseForces();
    if (log != null) {
      log.close();
    }
  }

  private static List<RecordData> record(int i) {
    return List.of(RecordData.of(System.currentTimeMillis(), null, ("v" + i).getBytes(UTF_8)));
  }

  @Test
  void anAppendIsAcknowledgedAndVisibleOnlyAfterItsFsync() throws Exception {
    PartitionLog log = open();
    io.holdForces();
    CompletableFuture<AppendResult> pending = log.appendAsync(record(0), Compression.NONE);
    io.awaitHeldForce();

    assertThat(log.logEndOffset()).isEqualTo(1);
    assertThat(pending).isNotDone();
    assertThat(log.highWatermark()).isZero();

    io.releaseForces();
    AppendResult r = pending.get(10, TimeUnit.SECONDS);
    assertThat(r.baseOffset()).isZero();
    assertThat(log.highWatermark()).isEqualTo(1);
    assertThat(log.recoveryPoint()).isEqualTo(1);
  }

  @Test
  void appendsWrittenDuringAnFsyncShareTheNextOne() throws Exception {
    PartitionLog log = open();
    io.holdForces();
    CompletableFuture<AppendResult> first = log.appendAsync(record(0), Compression.NONE);
    io.awaitHeldForce();
    int forcesBefore = io.forces();

    // The held fsync covers only the first append; these fifty arrive while it runs.
    List<CompletableFuture<AppendResult>> later = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      later.add(log.appendAsync(record(i), Compression.NONE));
    }
    assertThat(later).noneMatch(CompletableFuture::isDone);

    io.releaseForces();
    first.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < later.size(); i++) {
      assertThat(later.get(i).get(10, TimeUnit.SECONDS).baseOffset()).isEqualTo(i + 1);
    }
    // The held one, then one for all fifty.
    assertThat(io.forces() - forcesBefore).isEqualTo(2);
    assertThat(log.highWatermark()).isEqualTo(51);
  }

  @Test
  void aSynchronousAppendWaitsForTheFsyncThatCoversIt() throws Exception {
    PartitionLog log = open();
    io.holdForces();
    CompletableFuture<AppendResult> sync =
        CompletableFuture.supplyAsync(() -> log.append(record(0), Compression.NONE));
    io.awaitHeldForce();
    assertThat(sync).isNotDone();

    io.releaseForces();
    assertThat(sync.get(10, TimeUnit.SECONDS).lastOffset()).isZero();
  }
}
