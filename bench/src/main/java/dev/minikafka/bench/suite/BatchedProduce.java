package dev.minikafka.bench.suite;

import java.time.Duration;
import java.util.Optional;

/**
 * Workload 2: batched produce, the best each system offers (its asynchronous, batching or
 * pipelining producer, with its defaults). One thread sends as fast as the producer takes records
 * for a warm-up, waits for all of it to be acknowledged, then does the same for the measured
 * period; the rate counts from the first measured send to the last acknowledgement.
 */
final class BatchedProduce {
  private BatchedProduce() {}

  /** Acknowledged records per second, or empty when the system has no batched producer. */
  static Optional<Double> run(
      BenchSystem system, String topic, int valueBytes, Duration warmup, Duration duration)
      throws Exception {
    Optional<BenchSystem.BatchProducer> batch = system.batchProducer(topic);
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    try (BenchSystem.BatchProducer producer = batch.get()) {
      long seq = 0;
      long end = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() - end < 0) {
        for (int i = 0; i < 100; i++) {
          producer.send(Values.of(seq++, valueBytes));
        }
      }
      producer.flush();
      long sent = 0;
      long start = System.nanoTime();
      end = start + duration.toNanos();
      while (System.nanoTime() - end < 0) {
        // Check the clock every 100 records: reading it costs as much as a send here.
        for (int i = 0; i < 100; i++) {
          producer.send(Values.of(seq++, valueBytes));
        }
        sent += 100;
      }
      producer.flush();
      return Optional.of(sent / ((System.nanoTime() - start) / 1e9));
    }
  }
}
