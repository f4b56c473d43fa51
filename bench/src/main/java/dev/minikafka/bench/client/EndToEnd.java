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
 * omission on the send side). Not thread-safe: one run at a time per instance of the pipes.
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
   * Latency figures of one run.
   *
   * @param sent records sent
   * @param seen records seen by the poller within the run plus its drain time
   * @param p50Ms median latency
   * @param p99Ms 99th percentile
   * @param p999Ms 99.9th percentile
   * @param maxMs largest
   */
  public record Figures(
      long sent, long seen, double p50Ms, double p99Ms, double p999Ms, double maxMs) {}

  private EndToEnd() {}

  /**
   * Sends at {@code ratePerSecond} for {@code duration} values of {@code valueBytes} bytes (at
   * least 8), while polling; then polls up to {@code drain} longer for stragglers.
   *
   * @throws IllegalStateException when the sender or poller fails
   */
  public static Figures run(
      Sender sender,
      Poller poller,
      int ratePerSecond,
      Duration duration,
      int valueBytes,
      Duration drain)
      throws InterruptedException {
    long total = ratePerSecond * duration.toSeconds();
    long[] latencies = new long[(int) total];
    int[] seen = {0};
    AtomicBoolean sending = new AtomicBoolean(true);
    Throwable[] failure = new Throwable[1];
    Thread consumer =
        Thread.ofPlatform()
            .name("e2e-poller")
            .start(
                () -> {
                  long drainUntil = Long.MAX_VALUE;
                  try {
                    while (seen[0] < total && System.nanoTime() < drainUntil) {
                      for (byte[] v : poller.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        if (seen[0] < latencies.length) {
                          latencies[seen[0]++] = now - ByteBuffer.wrap(v).getLong();
                        }
                      }
                      if (!sending.get() && drainUntil == Long.MAX_VALUE) {
                        drainUntil = System.nanoTime() + drain.toNanos();
                      }
                    }
                  } catch (Exception e) {
                    failure[0] = e;
                  }
                });
    long interval = 1_000_000_000L / ratePerSecond;
    long start = System.nanoTime();
    long sent = 0;
    try {
      byte[] value = new byte[Math.max(8, valueBytes)];
      for (long i = 0; i < total && failure[0] == null; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        byte[] stamped = value.clone();
        ByteBuffer.wrap(stamped).putLong(System.nanoTime());
        sender.send(stamped);
        sent++;
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
