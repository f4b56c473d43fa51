package dev.minikafka.bench;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Interleaved A/B: the engine (pre-encoded appends) and its plain baseline take turns in slices of
 * a few seconds, alternating which goes first, so that both see the same background load; the ratio
 * of each round's two slices is one sample. JMH runs the two minutes apart, which on a shared
 * machine can move a ratio more than any engine change.
 *
 * <p><em>Burst</em>: each slice writes into a new, empty log that is deleted afterwards (as a JMH
 * iteration does), so the page cache takes the writes. <em>Sustained</em>: each writer keeps one
 * log across all its slices, holding its newest two 1 GiB segments (older ones are deleted between
 * slices), so dirty data piles up until the kernel throttles writers to the disk's write-back rate.
 */
final class AbBench {
  /**
   * One A/B comparison.
   *
   * @param name how the report names it
   * @param valueBytes record value size
   * @param batchSize records per batch; 0 for as many 1 KiB records as fit in 1 MiB
   * @param flush the engine's flush policy
   * @param fsyncBaseline whether the baseline forces after each write
   * @param sustained logs kept across slices rather than made new for each
   */
  record Spec(
      String name,
      int valueBytes,
      int batchSize,
      String flush,
      boolean fsyncBaseline,
      boolean sustained) {}

  /** Per-slice rates in bytes per second, in the order they ran. */
  record Result(
      Spec spec,
      int batchBytes,
      int recordsPerBatch,
      double sliceSeconds,
      List<Double> engine,
      List<Double> raw,
      int warmup) {
    /** The ratio engine ÷ raw of each round after the warmup rounds. */
    List<Double> ratios() {
      List<Double> out = new ArrayList<>();
      for (int i = warmup; i < engine.size(); i++) {
        out.add(engine.get(i) / raw.get(i));
      }
      return out;
    }

    double medianRatio() {
      return Report.median(ratios());
    }

    double medianEngine() {
      return Report.median(engine.subList(warmup, engine.size()));
    }

    double medianRaw() {
      return Report.median(raw.subList(warmup, raw.size()));
    }
  }

  private static final long SEGMENT = 1L << 30;

  private AbBench() {}

  static Result run(Path base, Spec spec, int rounds, int warmup, double sliceSeconds)
      throws IOException {
    var records =
        spec.batchSize() == 0
            ? Payloads.recordsFilling(Payloads.ONE_MIB, spec.valueBytes())
            : Payloads.records(spec.batchSize(), spec.valueBytes());
    ByteBuffer batch = Payloads.batch(records);
    Path engineDir = base.resolve("ab-engine");
    Path rawDir = base.resolve("ab-raw");
    List<Double> engine = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    long sliceNanos = (long) (sliceSeconds * 1e9);
    PartitionLog log = null;
    RawLog rawLog = null;
    try {
      for (int round = 0; round < rounds; round++) {
        boolean engineFirst = round % 2 == 0;
        for (int turn = 0; turn < 2; turn++) {
          boolean isEngine = (turn == 0) == engineFirst;
          if (isEngine && log == null) {
            log = openEngine(engineDir, spec.flush());
          } else if (!isEngine && rawLog == null) {
            Files.createDirectories(rawDir);
            rawLog = new RawLog(rawDir, SEGMENT);
          }
          long bytes = 0;
          long t0 = System.nanoTime();
          long elapsed;
          do {
            if (isEngine) {
              log.append(batch.duplicate());
            } else {
              rawLog.append(batch.duplicate());
              if (spec.fsyncBaseline()) {
                rawLog.fsync();
              }
            }
            bytes += batch.remaining();
            elapsed = System.nanoTime() - t0;
          } while (elapsed < sliceNanos);
          (isEngine ? engine : raw).add(bytes / (elapsed / 1e9));
          if (isEngine && spec.sustained()) {
            log.enforceRetention();
          } else if (isEngine) {
            log.close();
            log = null;
            Dirs.delete(engineDir);
          } else if (spec.sustained()) {
            keepNewest(rawDir, 2);
          } else {
            rawLog.close();
            rawLog = null;
            Dirs.delete(rawDir);
          }
        }
      }
    } finally {
      if (log != null) {
        log.close();
      }
      if (rawLog != null) {
        rawLog.close();
      }
      Dirs.delete(engineDir);
      Dirs.delete(rawDir);
    }
    return new Result(spec, batch.remaining(), records.size(), sliceSeconds, engine, raw, warmup);
  }

  private static PartitionLog openEngine(Path dir, String flush) {
    FlushPolicy policy = EngineLog.policy(flush);
    if (policy instanceof FlushPolicy.Interval) {
      throw new IllegalArgumentException("A/B runs have no interval flusher");
    }
    return PartitionLog.open(
        dir,
        new TopicPartition("bench", 0),
        LogConfig.defaults().withRetention(2 * SEGMENT, -1),
        LogOptions.defaults().withFlushPolicy(policy),
        true);
  }

  /** Deletes all but the newest {@code keep} files of the raw baseline. */
  private static void keepNewest(Path dir, int keep) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.list(dir)) {
      files = all.sorted().toList();
    }
    for (int i = 0; i < files.size() - keep; i++) {
      Files.deleteIfExists(files.get(i));
    }
  }
}
