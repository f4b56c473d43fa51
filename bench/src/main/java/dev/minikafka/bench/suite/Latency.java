package dev.minikafka.bench.suite;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, up to ten minutes, three significant digits. */
final class Latency {
  private static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(10);

  private Latency() {}

  /** An empty histogram; not thread-safe (one per recording thread, merged afterwards). */
  static Histogram histogram() {
    return new Histogram(HIGHEST_US, 3);
  }

  /** Records {@code nanos}, clamped into the histogram's range. */
  static void record(Histogram h, long nanos) {
    h.recordValue(Math.min(HIGHEST_US, Math.max(0, nanos / 1000)));
  }

  /** The {@code percentile} (0–100) in milliseconds, NaN when nothing was recorded. */
  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
