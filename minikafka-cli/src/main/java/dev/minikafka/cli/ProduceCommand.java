package dev.minikafka.cli;

import dev.minikafka.client.Producer;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import dev.minikafka.core.TopicNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minikafka produce}: sends values from the arguments, a file or stdin, one per line. */
@Command(
    name = "produce",
    header = "Send messages from the arguments, a file or stdin, one per line.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Sends messages to a topic with the Java SDK's producer (/v1 API): records are batched"
          + " (--linger-ms, --batch-size), stored in the order given within each partition, and"
          + " not stored twice when a request is retried. The values come from the arguments, else"
          + " from --file, else from stdin, one message per line.",
      "A keyed message goes to the partition its key hashes to (as in Kafka), a keyless one to"
          + " the producer's current partition; --partition overrides both.",
      "Creates the topic (one partition) first if it does not exist; create it with 'topics"
          + " create --partitions N' for more. Prints one summary line on stderr; with"
          + " --print-offsets also where each message went on stdout. Long runs (over "
          + ProduceCommand.PROGRESS_THRESHOLD
          + " messages) show a progress bar when stderr is a terminal.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "0:every message was acknowledged",
      "1:failure at run time (broker unreachable, a message refused); the messages before it in"
          + " the same partition were stored",
      ExitCodes.LINE_USAGE
    })
final class ProduceCommand implements Callable<Integer> {
  /** Runs longer than this show a progress bar (when stderr is a terminal). */
  static final int PROGRESS_THRESHOLD = 1000;

  @Spec CommandSpec spec;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Topic to send to; created with one partition first if it does not exist.")
  String topic;

  @Parameters(
      paramLabel = "VALUE",
      arity = "0..*",
      description = "Message values. Without any, values are read from --file or stdin.")
  List<String> values = new ArrayList<>();

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Read values from FILE, one per line ('-' for stdin).")
  Path file;

  @Option(
      names = {"-k", "--key"},
      paramLabel = "KEY",
      description = "Key of every message sent.")
  String key;

  @Option(
      names = {"-p", "--partition"},
      paramLabel = "P",
      description = "Send every message to partition P instead of partitioning by key.")
  Integer partition;

  @Option(
      names = "--print-offsets",
      description =
          "Print 'OFFSET VALUE' on stdout for each stored message, in input order; 'P/OFFSET VALUE'"
              + " for a partition other than 0.")
  boolean printOffsets;

  @Option(
      names = "--linger-ms",
      paramLabel = "MS",
      defaultValue = "5",
      description =
          "How long the producer waits for more messages before sending a batch."
              + " Default: ${DEFAULT-VALUE}.")
  long lingerMs;

  @Option(
      names = "--batch-size",
      paramLabel = "BYTES",
      defaultValue = "16384",
      description = "The most bytes of messages in one batch request. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "How long a message may take to be stored, retries included, before the command"
              + " fails. Default: ${DEFAULT-VALUE}.")
  long timeoutSeconds;

  @Mixin BrokerOption broker;

  @Override
  public Integer call() throws IOException {
    if (!values.isEmpty() && file != null) {
      throw new ParameterException(
          spec.commandLine(), "Give values as arguments or with --file, not both");
    }
    if (partition != null && partition < 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--partition': must not be negative");
    }
    if (lingerMs < 0 || batchSize < 1 || timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--linger-ms must not be negative, --batch-size and --timeout must be positive");
    }
    TopicNames.validate(topic);
    Source source = openSource();
    BufferedReader reader = source.reader();
    try (reader) {
      Topics.ensureExists(broker, topic);
      try (Producer producer =
          broker
              .producer()
              .lingerMs(lingerMs)
              .batchSize(batchSize)
              .deliveryTimeout(Duration.ofSeconds(timeoutSeconds))
              .build()) {
        return send(producer, source);
      }
    }
  }

  private int send(Producer producer, Source source) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Acks acks = new Acks(out, printOffsets, broker.url());
    boolean progress = Terminal.stderrIsTerminal();
    long started = System.nanoTime();
    long queued = 0;
    ProgressBar bar = null;
    try {
      while (source.values.hasNext()) {
        String value = source.values.next();
        if (bar == null
            && progress
            && (source.total > PROGRESS_THRESHOLD || queued >= PROGRESS_THRESHOLD)) {
          bar =
              progressBar(source.total, acks.stored, Duration.ofNanos(System.nanoTime() - started));
          acks.bar = bar;
        }
        ProducerRecord record = ProducerRecord.ofStrings(topic, key, value);
        acks.add(
            value, producer.send(partition == null ? record : record.withPartition(partition)));
        queued++;
      }
      producer.flush();
      acks.drainAll();
    } catch (UncheckedIOException e) {
      throw new CliFailure("cannot read " + source.name + ": " + e.getCause().getMessage(), e);
    } finally {
      if (bar != null) {
        bar.close();
      }
      out.flush();
    }
    err.println(acks.summary(topic));
    return ExitCodes.OK;
  }

  private ProgressBar progressBar(long total, long done, Duration elapsed) {
    return new ProgressBarBuilder()
        .setTaskName("produce " + topic)
        .setInitialMax(total > 0 ? total : -1)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUnit(" msg", 1)
        .showSpeed()
        .setUpdateIntervalMillis(200)
        .startsFrom(done, elapsed)
        .build();
  }

  private Source openSource() throws IOException {
    if (!values.isEmpty()) {
      return new Source("the arguments", values.iterator(), values.size(), null);
    }
    if (file == null || file.toString().equals("-")) {
      if (Terminal.stdinIsTerminal()) {
        spec.commandLine()
            .getErr()
            .println("reading messages from stdin, one per line; end with Ctrl-D");
        spec.commandLine().getErr().flush();
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      return new Source("stdin", in.lines().iterator(), -1, in);
    }
    if (Files.isDirectory(file)) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--file': " + file + " is a directory");
    }
    long lines;
    try (var counted = Files.lines(file, StandardCharsets.UTF_8)) {
      lines = counted.count();
    } catch (NoSuchFileException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--file': " + file + " does not exist");
    } catch (UncheckedIOException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getCause().getMessage(), e);
    }
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    return new Source(file.toString(), in.lines().iterator(), lines, in);
  }

  /**
   * The sent messages whose acknowledgement is not yet reported, oldest first: reports them in
   * input order, and bounds how many wait, so that a long input does not queue without limit.
   */
  private static final class Acks {
    private static final int MAX_WAITING = 10_000;

    private final PrintWriter out;
    private final boolean printOffsets;
    private final String brokerUrl;
    private final ArrayDeque<Sent> waiting = new ArrayDeque<>();
    private final SortedSet<Integer> partitions = new TreeSet<>();
    private ProgressBar bar;
    private long stored;
    private long first = -1;
    private long last = -1;

    private record Sent(String value, CompletableFuture<RecordMetadata> ack) {}

    Acks(PrintWriter out, boolean printOffsets, String brokerUrl) {
      this.out = out;
      this.printOffsets = printOffsets;
      this.brokerUrl = brokerUrl;
    }

    void add(String value, CompletableFuture<RecordMetadata> ack) {
      waiting.add(new Sent(value, ack));
      while (!waiting.isEmpty() && (waiting.size() > MAX_WAITING || waiting.peek().ack.isDone())) {
        report(waiting.poll());
      }
    }

    void drainAll() {
      while (!waiting.isEmpty()) {
        report(waiting.poll());
      }
    }

    private void report(Sent sent) {
      RecordMetadata md;
      try {
        md = sent.ack.join();
      } catch (RuntimeException e) {
        String why = Failures.message(e, brokerUrl);
        throw new CliFailure(
            (why == null ? Failures.unwrap(e).toString() : why)
                + " ("
                + stored
                + (stored == 1 ? " message was" : " messages were")
                + " stored before)",
            e);
      }
      if (first < 0) {
        first = md.offset();
      }
      last = md.offset();
      partitions.add(md.partition());
      stored++;
      if (printOffsets) {
        out.println(
            (md.partition() == 0 ? "" : md.partition() + "/") + md.offset() + " " + sent.value);
      }
      if (bar != null) {
        bar.step();
      }
    }

    String summary(String topic) {
      if (stored == 0) {
        return "produced no messages to " + topic + " (no input)";
      }
      String where;
      if (partitions.size() > 1) {
        where = " (" + partitions.size() + " partitions)";
      } else {
        String p = partitions.first() == 0 ? "" : "partition " + partitions.first() + ", ";
        where =
            stored == 1
                ? " at " + p + "offset " + first
                : " (" + p + "offsets " + first + " to " + last + ")";
      }
      return "produced "
          + stored
          + (stored == 1 ? " message" : " messages")
          + " to "
          + topic
          + where;
    }
  }

  /** Where the values come from; {@code total} is -1 when unknown (stdin). */
  private record Source(String name, Iterator<String> values, long total, BufferedReader reader) {}
}
