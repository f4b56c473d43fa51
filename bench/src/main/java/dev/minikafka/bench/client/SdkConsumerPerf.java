package dev.minikafka.bench.client;

import dev.minikafka.client.AutoOffsetReset;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.ConsumerRecords;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * minikafka's counterpart of Kafka's {@code ConsumerPerformance}, through the Java SDK: a new group
 * reads a topic from the beginning until it has seen the given number of records, and the tool
 * prints ConsumerPerformance's CSV header and line, so that one parser ({@link
 * KafkaPerfTools#parseConsumerSummary}) reads both. Run in a process of its own.
 *
 * <pre>SdkConsumerPerf URL TOPIC RECORDS</pre>
 *
 * <p>As ConsumerPerformance does, it commits nothing until the end (its consumer's auto-commit is
 * off here; Kafka's tool leaves it on with a 5 s interval, a few commits in a run) and counts value
 * bytes as the data consumed. The clock runs as ConsumerPerformance's does: from after the consumer
 * is built (subscribe, join and every poll inside) to the poll that brought the last record wanted;
 * the final commit and the close come after it.
 */
public final class SdkConsumerPerf {
  private static final Duration MAX_IDLE = Duration.ofSeconds(30);

  private SdkConsumerPerf() {}

  /** Runs one consumer test; exits non-zero when fewer records arrive before a 30 s lull. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: SdkConsumerPerf URL TOPIC RECORDS");
      System.exit(2);
    }
    long wanted = Long.parseLong(args[2]);
    long records = 0;
    long bytes = 0;
    long start;
    long end;
    long firstRecordAt = -1;
    try (Consumer consumer =
        Consumer.builder()
            .bootstrap(args[0])
            .groupId("perf-" + System.nanoTime())
            .autoOffsetReset(AutoOffsetReset.EARLIEST)
            .enableAutoCommit(false)
            .build()) {
      start = System.currentTimeMillis();
      long lastRecordAt = start;
      consumer.subscribe(List.of(args[1]));
      while (records < wanted) {
        ConsumerRecords batch = consumer.poll(Duration.ofMillis(500));
        long now = System.currentTimeMillis();
        if (batch.isEmpty()) {
          if (now - lastRecordAt > MAX_IDLE.toMillis()) {
            System.err.println("only " + records + " of " + wanted + " records arrived");
            System.exit(1);
          }
          continue;
        }
        if (firstRecordAt < 0) {
          firstRecordAt = now;
        }
        lastRecordAt = now;
        for (ConsumerRecord r : batch) {
          records++;
          bytes += r.value() == null ? 0 : r.value().length;
        }
      }
      end = System.currentTimeMillis();
      consumer.commitSync();
    }
    double mb = bytes / (1024.0 * 1024.0);
    double seconds = (end - start) / 1000.0;
    double fetchSeconds = (end - firstRecordAt) / 1000.0;
    System.out.println(
        "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,"
            + " rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
    System.out.println(
        String.format(
            Locale.ROOT,
            "%d, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f",
            start,
            end,
            mb,
            mb / seconds,
            records,
            records / seconds,
            firstRecordAt - start,
            end - firstRecordAt,
            mb / fetchSeconds,
            records / fetchSeconds));
  }
}
