package dev.minikafka.bench.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency at a steady rate: one thread sends a record every {@code 1/rate} seconds, its
 * value stamped with {@link System#nanoTime()} at the send call; another polls and measures, for
 * each record it sees, the time from that stamp to the poll that returned it. Both run in this
 * process, so one clock serves both ends.
 *
 * <p>The sender keeps to a schedule (send {@code i} is due at {@code start + i/rate}) rather than
 * sleeping between sends, so a slow send does not lower the rate or hide latency (no coordinated
 * omission on the send side). The run begins with a warm-up at the same rate whose records are
 * delivered but not measured: a fresh client's first seconds (class loading, JIT compilation,
 * connection set-up) would otherwise dominate the tail of a short run. Not thread-safe: one run at
 * a time per instance of the pipes.
 */
public final class EndToEnd {

  /** Sends one record; returns once the send is handed to the client (not acknowledged). */
  @FunctionalInterface
  public interface Sender {
    /** Sends {@code value}. */
    void send(byte[] value) throws Exception;
  }

  /** Polls for records; returns the values that arrived, or none after the wait. */
  @FunctionalInterface
  public interface Poller {
    /** Up to {@code wait} for values. */
    List<byte[]> poll(Duration wait) throws Exception;
  }

  /**
   * What one run does.
   *
   * @param ratePerSecond records sent per second, warm-up included
   * @param warmup how long records are sent, and delivered, before measuring starts
   * @param measured how long records are sent, and measured, after the warm-up
   * @param valueBytes each value's size (at least 8: the send time is stamped in it)
   * @param drain how much longer the poller waits for stragglers after the last send
   */
  public record Plan(
      int ratePerSecond, Duration warmup, Duration measured, int valueBytes, Duration drain) {
    /** Checks the plan. */
    public Plan {
      if (ratePerSecond <= 0 || warmup.isNegative() || measured.isNegative() || valueBytes < 8) {
        throw new IllegalArgumentException("not a runnable end-to-end plan: " + this);
      }
    }

    private long records(Duration d) {
      return ratePerSecond * d.toMillis() / 1000;
    }
  }

  /**
   * Latency figures of one run's measured part.
   *
   * @param sent records sent after the warm-up
   * @param seen of those, records seen by the poller within the run plus its drain time
   * @param p50Ms median latency
   * @param p99Ms 99th percentile
   * @param p999Ms 99.9th percentile
   * @param maxMs largest
   */
  public record Figures(
      long sent, long seen, double p50Ms, double p99Ms, double p999Ms, double maxMs) {}

  private EndToEnd() {}

  /**
   * Sends at the plan's rate through its warm-up and measured time, while polling; then polls up to
   * its drain time longer for stragglers. Only records sent after the warm-up are measured.
   *
   * @throws IllegalStateException when the sender or poller fails
   */
  public static Figures run(Sender sender, Poller poller, Plan plan) throws InterruptedException {
    long warmupRecords = plan.records(plan.warmup());
    long measuredRecords = plan.records(plan.measured());
    long total = warmupRecords + measuredRecords;
    long[] latencies = new long[(int) measuredRecords];
    int[] seen = {0};
    AtomicBoolean sending = new AtomicBoolean(true);
    Throwable[] failure = new Throwable[1];
    long interval = 1_000_000_000L / plan.ratePerSecond();
    long start = System.nanoTime();
    // Records are told apart by their send stamp: those stamped before this are the warm-up's.
    long measureFrom = start + warmupRecords * interval;
    Thread consumer =
        Thread.ofPlatform()
            .name("e2e-poller")
            .start(
                () -> {
                  long drainUntil = Long.MAX_VALUE;
                  try {
                    while (seen[0] < measuredRecords && System.nanoTime() < drainUntil) {
                      for (byte[] v : poller.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        long stamp = ByteBuffer.wrap(v).getLong();
                        if (stamp - measureFrom >= 0 && seen[0] < latencies.length) {
                          latencies[seen[0]++] = now - stamp;
                        }
                      }
                      if (!sending.get() && drainUntil == Long.MAX_VALUE) {
                        drainUntil = System.nanoTime() + plan.drain().toNanos();
                      }
                    }
                  } catch (Exception e) {
                    failure[0] = e;
                  }
                });
    long sent = 0;
    try {
      byte[] value = new byte[plan.valueBytes()];
      for (long i = 0; i < total && failure[0] == null; i++) {
        long due = start + i * interval;
        long now;
        // parkNanos may return early; a send never goes before its time.
        while ((now = System.nanoTime()) - due < 0) {
          LockSupport.parkNanos(due - now);
        }
        byte[] stamped = value.clone();
        // A late warm-up send must still read as the warm-up's: its stamp stays below measureFrom
        // (it is not measured, so the stamp's accuracy does not matter). Measured sends are never
        // early, so their stamps are at or past measureFrom.
        ByteBuffer.wrap(stamped).putLong(i < warmupRecords ? Math.min(now, measureFrom - 1) : now);
        sender.send(stamped);
        if (i >= warmupRecords) {
          sent++;
        }
      }
    } catch (Exception e) {
      failure[0] = e;
    } finally {
      sending.set(false);
    }
    consumer.join();
    if (failure[0] != null) {
      throw new IllegalStateException("end-to-end run failed: " + failure[0], failure[0]);
    }
    long[] measured = Arrays.copyOf(latencies, seen[0]);
    Arrays.sort(measured);
    return new Figures(
        sent,
        measured.length,
        percentileMs(measured, 0.50),
        percentileMs(measured, 0.99),
        percentileMs(measured, 0.999),
        measured.length == 0 ? Double.NaN : measured[measured.length - 1] / 1e6);
  }

  /** The {@code q} quantile of sorted nanosecond values, in milliseconds (nearest rank). */
  static double percentileMs(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }
}
