package dev.minikafka.bench.suite;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Workload 4: end-to-end latency at a fixed rate. One thread sends record {@code i} at {@code start
 * + i / rate} through the system's {@linkplain BenchSystem#latencyProducer latency producer}; a
 * subscription from the end of the topic sees each record, and its latency is the time from the
 * moment it was due to be sent to the moment the subscriber got it. Measuring from the schedule,
 * not from the actual send, keeps a slow send from hiding the delay it causes to the records queued
 * behind it (coordinated omission). Both ends run in this process, on one clock.
 */
final class EndToEndLatency {
  /**
   * @param sent records due to be sent (those the sender fell too far behind to send count)
   * @param seen records the subscriber saw before the drain time ran out
   * @param latency the latency of every record seen
   */
  record Result(long sent, long seen, Histogram latency) {
    double deliveredPercent() {
      return sent == 0 ? Double.NaN : 100.0 * seen / sent;
    }
  }

  private EndToEndLatency() {}

  static Result run(
      BenchSystem system,
      String topic,
      int ratePerSecond,
      int valueBytes,
      Duration duration,
      Duration drain)
      throws Exception {
    int total = (int) (ratePerSecond * duration.toMillis() / 1000);
    long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    long[] due = new long[total];
    Histogram histogram = Latency.histogram();
    long[] seen = {0};
    Object lock = new Object();
    long start;
    long sent = 0;
    try (BenchSystem.Subscription subscription =
            system.subscribeFromEnd(
                topic,
                value -> {
                  long now = System.nanoTime();
                  long seq = Values.sequence(value);
                  if (seq >= 0 && seq < total) {
                    synchronized (lock) {
                      Latency.record(histogram, now - due[(int) seq]);
                      seen[0]++;
                    }
                  }
                });
        BenchSystem.SingleProducer producer = system.latencyProducer(topic)) {
      start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
      for (int i = 0; i < total; i++) {
        due[i] = start + i * interval;
      }
      // A system that cannot keep the rate falls behind; stop sending once it is a drain time
      // late, so that the run ends (the records never sent count as not delivered).
      long stopAt = start + duration.toNanos() + drain.toNanos();
      for (int i = 0; i < total && System.nanoTime() - stopAt < 0; i++) {
        long wait = due[i] - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(Values.of(i, valueBytes));
        sent++;
        if (subscription.failure().isPresent()) {
          break;
        }
      }
      long drainUntil = System.nanoTime() + drain.toNanos();
      while (System.nanoTime() - drainUntil < 0 && subscription.failure().isEmpty()) {
        synchronized (lock) {
          if (seen[0] >= sent) {
            break;
          }
        }
        Thread.sleep(5);
      }
      if (subscription.failure().isPresent()) {
        Throwable t = subscription.failure().get();
        throw new IllegalStateException(system.name() + ": the subscriber failed: " + t, t);
      }
      synchronized (lock) {
        return new Result(total, seen[0], histogram.copy());
      }
    }
  }
}
