package dev.minikafka.bench.client;

import dev.minikafka.peers.kafka.KafkaPeer;
import dev.minikafka.peers.kafka.KafkaPeer.RunningKafka;
import dev.minikafka.peers.kafka.KafkaPeer.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools ({@code org.apache.kafka.tools.ProducerPerformance} and {@code
 * ConsumerPerformance}) run against a real Kafka, each in a child JVM, with their summaries parsed
 * into the figures minikafka's runs are compared with. Stateless; calls may run concurrently in
 * distinct directories.
 */
public final class KafkaPerfTools {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** The last line of ProducerPerformance: totals, then latency percentiles. */
  private static final Pattern PRODUCER_SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency, ([\\d.]+) ms max latency, ([\\d.]+) ms 50th, ([\\d.]+) ms 95th,"
              + " ([\\d.]+) ms 99th, ([\\d.]+) ms 99.9th\\.");

  private KafkaPerfTools() {}

  /**
   * Runs ProducerPerformance: {@code records} records of {@code recordBytes} random bytes to {@code
   * topic} as fast as the producer goes, with Kafka's default producer settings plus {@code
   * producerProps} ({@code key=value}).
   */
  public static ProduceFigures produce(
      RunningKafka kafka,
      Path workDir,
      String topic,
      long records,
      int recordBytes,
      List<String> producerProps)
      throws IOException, InterruptedException {
    String[] args = {
      "--topic",
      topic,
      "--num-records",
      Long.toString(records),
      "--record-size",
      Integer.toString(recordBytes),
      "--throughput",
      "-1",
      "--producer-props",
      "bootstrap.servers=" + kafka.bootstrapServers()
    };
    String[] all = concat(args, producerProps);
    ToolResult r =
        KafkaPeer.runTool(
            workDir,
            "producer-performance",
            TIMEOUT,
            List.of("-Xmx512m"),
            "org.apache.kafka.tools.ProducerPerformance",
            all);
    check(r, "ProducerPerformance");
    return parseProducerSummary(r.stdout());
  }

  /** Runs ConsumerPerformance: reads {@code records} records of {@code topic} in a new group. */
  public static ConsumeFigures consume(RunningKafka kafka, Path workDir, String topic, long records)
      throws IOException, InterruptedException {
    ToolResult r =
        KafkaPeer.runTool(
            workDir,
            "consumer-performance",
            TIMEOUT,
            List.of("-Xmx512m"),
            "org.apache.kafka.tools.ConsumerPerformance",
            "--bootstrap-server",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--messages",
            Long.toString(records));
    check(r, "ConsumerPerformance");
    return parseConsumerSummary(r.stdout());
  }

  /** The figures of ProducerPerformance's final line in {@code stdout}. */
  static ProduceFigures parseProducerSummary(String stdout) {
    Matcher m = PRODUCER_SUMMARY.matcher(stdout);
    ProduceFigures last = null;
    while (m.find()) {
      last =
          new ProduceFigures(
              Long.parseLong(m.group(1)),
              Double.parseDouble(m.group(2)),
              Double.parseDouble(m.group(3)),
              Double.parseDouble(m.group(4)),
              Double.parseDouble(m.group(5)),
              Double.parseDouble(m.group(6)),
              Double.parseDouble(m.group(7)),
              Double.parseDouble(m.group(8)),
              Double.parseDouble(m.group(9)));
    }
    if (last == null) {
      throw new IllegalStateException("no ProducerPerformance summary in:\n" + stdout);
    }
    return last;
  }

  /**
   * The figures of ConsumerPerformance's CSV output: a header line naming the columns, then one
   * line of values.
   */
  static ConsumeFigures parseConsumerSummary(String stdout) {
    List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("start.time")) {
        header = i;
      }
    }
    if (header < 0 || header + 1 >= lines.size()) {
      throw new IllegalStateException("no ConsumerPerformance summary in:\n" + stdout);
    }
    List<String> names = split(lines.get(header));
    List<String> values = split(lines.get(header + 1));
    if (names.size() != values.size()) {
      throw new IllegalStateException("ConsumerPerformance columns do not match:\n" + stdout);
    }
    return new ConsumeFigures(
        Long.parseLong(values.get(names.indexOf("data.consumed.in.nMsg"))),
        Double.parseDouble(values.get(names.indexOf("data.consumed.in.MB"))),
        Double.parseDouble(values.get(names.indexOf("nMsg.sec"))),
        Double.parseDouble(values.get(names.indexOf("MB.sec"))),
        Long.parseLong(values.get(names.indexOf("rebalance.time.ms"))),
        Double.parseDouble(values.get(names.indexOf("fetch.nMsg.sec"))));
  }

  private static List<String> split(String csvLine) {
    return List.of(csvLine.split(",\\s*"));
  }

  private static void check(ToolResult r, String tool) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          tool + " exited with " + r.exitCode() + ":\n" + r.stdout() + r.stderr());
    }
  }

  private static String[] concat(String[] head, List<String> tail) {
    String[] all = new String[head.length + tail.size()];
    System.arraycopy(head, 0, all, 0, head.length);
    for (int i = 0; i < tail.size(); i++) {
      all[head.length + i] = tail.get(i);
    }
    return all;
  }
}
