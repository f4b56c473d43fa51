package dev.minikafka.bench;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A fresh partition log per measurement iteration, with Kafka's default topic configuration (1 GiB
 * segments, 1 MiB max batch, an index entry per 4 KiB) and the flush policy under test. For {@code
 * interval} a scheduler forces the log every {@code -Dminikafka.bench.flushIntervalMs} (1000 by
 * default, the policy's own default), as the log manager does.
 */
@State(Scope.Benchmark)
public class EngineLog {
  /** System property: the interval of {@code flush=interval}, in milliseconds. */
  public static final String FLUSH_INTERVAL_PROPERTY = "minikafka.bench.flushIntervalMs";

  /** The flush policy: {@code never}, {@code interval} or {@code always}. */
  @Param({"never", "interval", "always"})
  public String flush;

  PartitionLog log;
  private Path dir;
  private ScheduledExecutorService flusher;
  private ScheduledFuture<?> flushTask;

  /** The policy the {@link #flush} parameter names. */
  public static FlushPolicy policy(String name) {
    return switch (name) {
      case "never" -> FlushPolicy.NEVER;
      case "always" -> FlushPolicy.ALWAYS;
      case "interval" -> new FlushPolicy.Interval(Duration.ofMillis(flushIntervalMs()));
      default -> throw new IllegalArgumentException("unknown flush policy " + name);
    };
  }

  /** The interval used for {@code flush=interval}. */
  public static long flushIntervalMs() {
    return Long.getLong(FLUSH_INTERVAL_PROPERTY, 1000);
  }

  /** Opens an empty log. */
  @Setup(Level.Iteration)
  public void open() {
    dir = Dirs.fresh("engine-");
    FlushPolicy policy = policy(flush);
    log =
        PartitionLog.open(
            dir.resolve("bench-0"),
            new TopicPartition("bench", 0),
            LogConfig.defaults(),
            LogOptions.defaults().withFlushPolicy(policy),
            true);
    if (policy instanceof FlushPolicy.Interval interval) {
      long ms = interval.every().toMillis();
      flusher = Executors.newSingleThreadScheduledExecutor();
      flushTask = flusher.scheduleWithFixedDelay(this::flushIfDirty, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void flushIfDirty() {
    if (log.hasUnflushedData()) {
      log.flush();
    }
  }

  /** Closes the log and deletes its files. */
  @TearDown(Level.Iteration)
  public void close() throws InterruptedException {
    if (flusher != null) {
      flushTask.cancel(false);
      flusher.shutdown();
      flusher.awaitTermination(1, TimeUnit.MINUTES);
      flusher = null;
    }
    log.close();
    Dirs.delete(dir);
  }
}
