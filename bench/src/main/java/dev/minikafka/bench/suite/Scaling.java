package dev.minikafka.bench.suite;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Workload 5: what produce and fetch cost as one partition grows, and what the broker's resident
 * memory does meanwhile. The topic is filled up to each checkpoint (10^3, 10^4, ... records of 100
 * bytes); at each, {@code probes} single-message produces (one client) and {@code probes} reads of
 * single records at random offsets are timed, and the server's RSS is read from {@code /proc}.
 */
final class Scaling {
  /**
   * One checkpoint.
   *
   * @param records records in the partition
   * @param produce single-message produce latencies
   * @param fetch random single-record read latencies, empty when the system cannot read at an
   *     offset
   * @param rssMib the server's resident set size, MiB
   */
  record Point(long records, Histogram produce, Optional<Histogram> fetch, double rssMib) {}

  static final int VALUE_BYTES = 100;
  private static final int UNTIMED = 20;

  private Scaling() {}

  /** Runs the checkpoints up to the system's fill limit; reports each through {@code sink}. */
  static void run(
      BenchSystem system,
      String topic,
      List<Long> checkpoints,
      int probes,
      java.util.function.Consumer<Point> sink)
      throws Exception {
    system.createTopic(topic);
    SplittableRandom random = new SplittableRandom(42);
    long filled = 0;
    for (long target : checkpoints) {
      if (target > system.fillLimit()) {
        break;
      }
      Filler.fill(system, topic, filled, target, VALUE_BYTES);
      filled = target;
      Histogram produce = Latency.histogram();
      try (BenchSystem.SingleProducer producer = system.singleProducer(topic)) {
        for (int i = 0; i < UNTIMED + probes; i++) {
          long t0 = System.nanoTime();
          producer.send(Values.of(filled, VALUE_BYTES));
          if (i >= UNTIMED) {
            Latency.record(produce, System.nanoTime() - t0);
          }
          filled++;
        }
      }
      Optional<Histogram> fetch = Optional.empty();
      Optional<BenchSystem.RandomReader> reader = system.randomReader(topic);
      if (reader.isPresent()) {
        Histogram h = Latency.histogram();
        try (BenchSystem.RandomReader r = reader.get()) {
          for (int i = 0; i < UNTIMED + probes; i++) {
            long offset = random.nextLong(target);
            long t0 = System.nanoTime();
            byte[] value = r.read(offset);
            long elapsed = System.nanoTime() - t0;
            if (value.length != VALUE_BYTES) {
              throw new IllegalStateException(
                  system.name() + ": read " + value.length + " bytes at offset " + offset);
            }
            if (i >= UNTIMED) {
              Latency.record(h, elapsed);
            }
          }
        }
        fetch = Optional.of(h);
      }
      sink.accept(new Point(target, produce, fetch, Processes.rssKb(system.pid()) / 1024.0));
    }
  }
}
