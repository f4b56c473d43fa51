package dev.minikafka.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a topic with records as fast as a system takes them: through its batched producer when it
 * has one, else through {@value #CLIENTS} single-message clients. Not part of any measurement.
 */
final class Filler {
  private static final int CLIENTS = 16;

  private Filler() {}

  /** Appends records numbered {@code from} to {@code to - 1} to {@code topic}. */
  static void fill(BenchSystem system, String topic, long from, long to, int valueBytes)
      throws Exception {
    if (to <= from) {
      return;
    }
    Optional<BenchSystem.BatchProducer> batch = system.batchProducer(topic);
    if (batch.isPresent()) {
      try (BenchSystem.BatchProducer producer = batch.get()) {
        for (long i = from; i < to; i++) {
          producer.send(Values.of(i, valueBytes));
        }
        producer.flush();
      }
      return;
    }
    AtomicLong next = new AtomicLong(from);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      threads.add(
          Thread.ofPlatform()
              .name("fill-" + c)
              .start(
                  () -> {
                    try (BenchSystem.SingleProducer producer = system.singleProducer(topic)) {
                      for (long i = next.getAndIncrement();
                          i < to && failure.get() == null;
                          i = next.getAndIncrement()) {
                        producer.send(Values.of(i, valueBytes));
                      }
                    } catch (Exception | Error e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          system.name() + ": filling " + topic + " failed: " + failure.get(), failure.get());
    }
  }
}
