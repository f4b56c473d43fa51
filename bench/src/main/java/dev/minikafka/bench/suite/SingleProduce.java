package dev.minikafka.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Workload 1: single-message produce, request/response, as the classroom programs do it. {@code
 * clients} threads each own a blocking {@link BenchSystem.SingleProducer}, send one untimed record
 * to connect, then, all together, send one record, wait for its acknowledgement, and send the next,
 * for a warm-up and then a measured period. The requests answered inside the measured period count,
 * with their whole latency (a slow system's requests can take longer than the period).
 */
final class SingleProduce {
  /**
   * @param recordsPerSecond requests acknowledged in the measured period, per second
   * @param latency the latencies of those requests
   */
  record Result(double recordsPerSecond, Histogram latency) {}

  private SingleProduce() {}

  static Result run(
      BenchSystem system,
      String topic,
      int valueBytes,
      int clients,
      Duration warmup,
      Duration duration)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long[] counts = new long[clients];
    for (int c = 0; c < clients; c++) {
      Histogram h = Latency.histogram();
      histograms.add(h);
      int client = c;
      threads.add(
          Thread.ofPlatform()
              .name("produce-client-" + c)
              .start(
                  () -> {
                    try (BenchSystem.SingleProducer producer = system.singleProducer(topic)) {
                      // One untimed send first: connecting and fetching metadata are not part
                      // of the request/response cost measured.
                      long seq = 0;
                      producer.send(Values.of(seq++, valueBytes));
                      ready.countDown();
                      go.await();
                      long from = window[0];
                      long to = window[1];
                      while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        if (t0 - to >= 0) {
                          break;
                        }
                        producer.send(Values.of(seq++, valueBytes));
                        long t1 = System.nanoTime();
                        if (t1 - from >= 0 && t1 - to <= 0) {
                          Latency.record(h, t1 - t0);
                          counts[client]++;
                        }
                      }
                    } catch (Exception | Error e) {
                      failure.compareAndSet(null, e);
                      ready.countDown();
                    }
                  }));
    }
    ready.await();
    long start = System.nanoTime();
    window[0] = start + warmup.toNanos();
    window[1] = window[0] + duration.toNanos();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          system.name() + ": single-message produce failed: " + failure.get(), failure.get());
    }
    Histogram all = Latency.histogram();
    long total = 0;
    for (int c = 0; c < clients; c++) {
      all.add(histograms.get(c));
      total += counts[c];
    }
    return new Result(total / (duration.toNanos() / 1e9), all);
  }
}
