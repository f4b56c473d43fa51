package dev.minikafka.bench.client;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, recorded from any thread, summarised as percentiles. Fixed
 * capacity: samples past it are counted but not kept. Thread-safe ({@link #record} is synchronized;
 * recording is rare next to the work measured).
 */
final class Latencies {
  private final long[] samples;
  private int size;
  private long count;
  private long max;
  private double sum;

  Latencies(int capacity) {
    samples = new long[capacity];
  }

  synchronized void record(long nanos) {
    if (size < samples.length) {
      samples[size++] = nanos;
    }
    count++;
    sum += nanos;
    max = Math.max(max, nanos);
  }

  /** The kept samples, sorted. */
  synchronized long[] sorted() {
    long[] copy = Arrays.copyOf(samples, size);
    Arrays.sort(copy);
    return copy;
  }

  synchronized double meanMs() {
    return count == 0 ? Double.NaN : sum / count / 1e6;
  }

  synchronized double maxMs() {
    return max / 1e6;
  }
}
