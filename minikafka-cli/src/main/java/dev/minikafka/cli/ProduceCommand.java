package dev.minikafka.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
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
      "Sends messages to a topic, in order, each acknowledged before the next is sent. The values"
          + " come from the arguments, else from --file, else from stdin, one message per line.",
      "Registers (creates) the topic first if needed. Prints one summary line on stderr; with"
          + " --print-offsets also the offset of each message on stdout. Long runs (over "
          + ProduceCommand.PROGRESS_THRESHOLD
          + " messages) show a progress bar when stderr is a terminal.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "0:every message was acknowledged",
      "1:failure at run time (broker unreachable, a message refused); the messages before it were"
          + " sent",
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
      description = "Topic to send to; registered (created) first if needed.")
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
      names = "--print-offsets",
      description = "Print 'OFFSET VALUE' on stdout for each acknowledged message.")
  boolean printOffsets;

  @Mixin BrokerOption broker;

  @Override
  public Integer call() throws IOException {
    if (!values.isEmpty() && file != null) {
      throw new ParameterException(
          spec.commandLine(), "Give values as arguments or with --file, not both");
    }
    Source source = openSource();
    BufferedReader reader = source.reader();
    try (reader) {
      return send(source);
    }
  }

  private int send(Source source) {
    BrokerClient client = broker.client();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    client.registerTopic(topic);
    boolean progress = Terminal.stderrIsTerminal();
    long started = System.nanoTime();
    long sent = 0;
    long first = -1;
    long last = -1;
    ProgressBar bar = null;
    try {
      while (source.values.hasNext()) {
        String value = source.values.next();
        if (bar == null
            && progress
            && (source.total > PROGRESS_THRESHOLD || sent >= PROGRESS_THRESHOLD)) {
          bar = progressBar(source.total, sent, Duration.ofNanos(System.nanoTime() - started));
        }
        JsonNode ack;
        try {
          ack = client.produce(topic, value, key);
        } catch (CliFailure e) {
          throw new CliFailure(
              e.getMessage()
                  + " ("
                  + sent
                  + (sent == 1 ? " message was" : " messages were")
                  + " sent before)",
              e);
        }
        long offset = ack.path("offset").asLong();
        if (first < 0) {
          first = offset;
        }
        last = offset;
        sent++;
        if (printOffsets) {
          out.println(offset + " " + value);
        }
        if (bar != null) {
          bar.step();
        }
      }
    } catch (UncheckedIOException e) {
      throw new CliFailure("cannot read " + source.name + ": " + e.getCause().getMessage(), e);
    } finally {
      if (bar != null) {
        bar.close();
      }
      out.flush();
    }
    if (sent == 0) {
      err.println("produced no messages to " + topic + " (no input)");
    } else {
      err.println(
          "produced "
              + sent
              + (sent == 1 ? " message" : " messages")
              + " to "
              + topic
              + (sent == 1 ? " at offset " + first : " (offsets " + first + " to " + last + ")"));
    }
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

  /** Where the values come from; {@code total} is -1 when unknown (stdin). */
  private record Source(String name, Iterator<String> values, long total, BufferedReader reader) {}
}
