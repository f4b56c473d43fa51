package dev.minikafka.bench.client;

import dev.minikafka.client.Producer;
import dev.minikafka.client.ProducerRecord;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * minikafka's counterpart of Kafka's {@code ProducerPerformance}, through the Java SDK: sends
 * records of random bytes as fast as the producer takes them and prints the same summary line, so
 * that one parser ({@link KafkaPerfTools#parseProducerSummary}) reads both tools' results. Run in a
 * process of its own, as ProducerPerformance is.
 *
 * <pre>SdkProducerPerf URL TOPIC RECORDS RECORD_BYTES LINGER_MS BATCH_BYTES IDEMPOTENCE</pre>
 *
 * <p>At most {@value #MAX_UNACKNOWLEDGED} records are unacknowledged at once (Kafka's producer
 * bounds its buffer the same way, with {@code buffer.memory}); latency is from the {@code send}
 * call to the acknowledgement, as ProducerPerformance measures it.
 */
public final class SdkProducerPerf {
  private static final int MAX_UNACKNOWLEDGED = 200_000;

  private SdkProducerPerf() {}

  /** Runs one producer test; exits non-zero when a send fails. */
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println(
          "usage: SdkProducerPerf URL TOPIC RECORDS RECORD_BYTES LINGER_MS BATCH_BYTES"
              + " IDEMPOTENCE");
      System.exit(2);
    }
    String url = args[0];
    String topic = args[1];
    long records = Long.parseLong(args[2]);
    int recordBytes = Integer.parseInt(args[3]);
    Latencies latencies = new Latencies((int) Math.min(records, 10_000_000));
    Semaphore window = new Semaphore(MAX_UNACKNOWLEDGED);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    byte[] payload = new byte[recordBytes];
    new Random(42).nextBytes(payload);
    long start;
    try (Producer producer =
        Producer.builder()
            .bootstrap(url)
            .lingerMs(Long.parseLong(args[4]))
            .batchSize(Integer.parseInt(args[5]))
            .enableIdempotence(Boolean.parseBoolean(args[6]))
            .build()) {
      start = System.nanoTime();
      for (long i = 0; i < records && failure.get() == null; i++) {
        window.acquire();
        long sent = System.nanoTime();
        var unused =
            producer
                .send(ProducerRecord.ofBytes(topic, null, payload))
                .whenComplete(
                    (md, e) -> {
                      window.release();
                      if (e != null) {
                        failure.compareAndSet(null, e);
                      } else {
                        latencies.record(System.nanoTime() - sent);
                      }
                    });
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      System.err.println("send failed: " + failure.get());
      System.exit(1);
    }
    long[] sorted = latencies.sorted();
    System.out.println(
        String.format(
            Locale.ROOT,
            "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max"
                + " latency, %.0f ms 50th, %.0f ms 95th, %.0f ms 99th, %.0f ms 99.9th.",
            records,
            records / seconds,
            records * (double) recordBytes / (1024 * 1024) / seconds,
            latencies.meanMs(),
            latencies.maxMs(),
            EndToEnd.percentileMs(sorted, 0.50),
            EndToEnd.percentileMs(sorted, 0.95),
            EndToEnd.percentileMs(sorted, 0.99),
            EndToEnd.percentileMs(sorted, 0.999)));
  }
}
