package dev.minikafka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.Admin;
import dev.minikafka.client.AutoOffsetReset;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.Header;
import dev.minikafka.client.OffsetAndMetadata;
import dev.minikafka.client.OffsetSpec;
import dev.minikafka.client.PartitionReader;
import dev.minikafka.core.TopicPartition;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minikafka consume}: prints a topic's messages, as plain lines or JSON lines, as a member
 * of a consumer group ({@link Consumer}) or from one partition without a group ({@link
 * PartitionReader}).
 */
@Command(
    name = "consume",
    header = "Print a topic's messages as plain lines or JSON lines.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Prints the messages of a topic (/v1 API, Java SDK): one per line, the value only (--format"
          + " plain) or a JSON object with topic, partition, offset, timestamp, key, value and"
          + " headers (--format json).",
      "With --group G the command is a member of consumer group G: the broker assigns it the"
          + " topic's partitions it shares with G's other members, and after each batch printed"
          + " the command commits how far it got, so the next run of G carries on there. A new"
          + " group starts at the beginning of each partition.",
      "Without a group it reads one partition (--partition, default 0) from --offset, and"
          + " nothing is stored on the broker.",
      "Stops when it has caught up (nothing new), after --max-messages, or with --follow only"
          + " when stopped with Ctrl-C. Prints a summary line on stderr.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "0:caught up, or --max-messages reached",
      "1:failure at run time (broker unreachable, no such topic or partition, offset out of"
          + " range, --from-beginning while the group has members)",
      ExitCodes.LINE_USAGE,
      "130:stopped with Ctrl-C (SIGINT)"
    })
final class ConsumeCommand implements Callable<Integer> {
  /** How long one poll or fetch waits for records before the command checks where it is. */
  static final Duration WAIT = Duration.ofMillis(500);

  /** The session timeout of the command's group member: a member killed with Ctrl-C is gone. */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  private static final int BATCH = 500;

  @Spec CommandSpec spec;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
  String topic;

  @Option(
      names = {"-g", "--group"},
      paramLabel = "GROUP",
      description =
          "Read as a member of this consumer group, from its committed offsets, and commit the"
              + " messages printed.")
  String group;

  @Option(
      names = "--consumer-id",
      paramLabel = "ID",
      description =
          "Same as --group ID: a classroom consumer is a group of one, so this carries on where"
              + " the consumer ID stopped.")
  String consumerId;

  @Option(
      names = "--from-beginning",
      description =
          "Start at the first stored message: with a group, reset the group's offsets on the"
              + " topic to the earliest first (refused while the group has members); without a"
              + " group, the same as --offset earliest.")
  boolean fromBeginning;

  @Option(
      names = {"-p", "--partition"},
      paramLabel = "P",
      description = "Without a group: the partition to read. Default: 0.")
  Integer partition;

  @Option(
      names = "--offset",
      paramLabel = "OFFSET",
      description =
          "Without a group: where to start, a number, 'earliest' or 'latest'. Default: earliest.")
  String offset;

  @Option(
      names = {"-n", "--max-messages"},
      paramLabel = "N",
      description = "Stop after N messages.")
  Long maxMessages;

  @Option(
      names = {"-F", "--follow"},
      description = "Keep waiting for new messages instead of stopping when caught up.")
  boolean follow;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "plain",
      description =
          "plain (the value) or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin BrokerOption broker;

  private boolean json;
  private PrintWriter out;
  private long printed;
  private long limit;

  @Override
  public Integer call() throws JsonProcessingException {
    json =
        switch (format) {
          case "plain" -> false;
          case "json" -> true;
          default ->
              throw usage(
                  "Invalid value for option '--format': '" + format + "' (expected plain or json)");
        };
    if (maxMessages != null && maxMessages < 1) {
      throw usage("Invalid value for option '--max-messages': must be at least 1");
    }
    if (group != null && consumerId != null && !group.equals(consumerId)) {
      throw usage("--group and --consumer-id name the same thing; give one");
    }
    String g = group != null ? group : consumerId;
    if (g != null && (partition != null || offset != null)) {
      throw usage(
          "--partition and --offset read without a group; a group's members read"
              + " from its committed offsets (see 'groups reset-offsets')");
    }
    if (fromBeginning && offset != null) {
      throw usage("--from-beginning and --offset both say where to start; give one");
    }
    out = spec.commandLine().getOut();
    limit = maxMessages == null ? Long.MAX_VALUE : maxMessages;
    String how = g == null ? readPartition() : readAsGroup(g);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "consumed "
            + printed
            + (printed == 1 ? " message" : " messages")
            + " from "
            + topic
            + how
            + (printed < limit && !out.checkError() ? " (caught up)" : ""));
    err.flush();
    return ExitCodes.OK;
  }

  /** Reads as a member of {@code g}; returns how, for the summary. */
  private String readAsGroup(String g) throws JsonProcessingException {
    try (Admin admin = broker.admin()) {
      admin.describeTopic(topic); // a missing topic fails here, not as an empty assignment
      if (fromBeginning) {
        admin.resetOffsets(g, topic, OffsetSpec.earliest(), List.of());
      }
      try (Consumer consumer =
          broker
              .consumer()
              .groupId(g)
              .clientId("minikafka-consume")
              .autoOffsetReset(AutoOffsetReset.EARLIEST)
              .enableAutoCommit(false)
              .sessionTimeout(SESSION_TIMEOUT)
              .maxPollRecords((int) Math.min(BATCH, limit))
              .build()) {
        consumer.subscribe(List.of(topic));
        while (printed < limit) {
          Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
          boolean any = false;
          for (ConsumerRecord r : consumer.poll(WAIT)) {
            any = true;
            if (printed >= limit || !print(r)) {
              break;
            }
            done.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
          }
          if (!done.isEmpty()) {
            consumer.commitSync(done);
          }
          if (out.checkError()) {
            break; // stdout was closed, e.g. by `| head`
          }
          if (!any && !follow && caughtUp(consumer, admin)) {
            break;
          }
        }
      }
    }
    return (consumerId != null ? " as consumer " : " in group ") + g;
  }

  /** Whether the member has read every partition it owns to its end (or owns none). */
  private static boolean caughtUp(Consumer consumer, Admin admin) {
    Set<TopicPartition> owned = consumer.assignment();
    for (TopicPartition tp : owned) {
      if (consumer.position(tp) < admin.listOffset(tp, OffsetSpec.latest()).offset()) {
        return false;
      }
    }
    return true;
  }

  /** Reads one partition without a group; returns how, for the summary. */
  private String readPartition() throws JsonProcessingException {
    TopicPartition tp = new TopicPartition(topic, partition == null ? 0 : partition);
    try (PartitionReader reader = broker.reader()) {
      long next = startOffset(tp);
      while (printed < limit) {
        int max = (int) Math.min(BATCH, limit - printed);
        PartitionReader.Fetched f = reader.fetch(tp, next, max, follow ? WAIT : Duration.ZERO);
        for (ConsumerRecord r : f.records()) {
          if (!print(r)) {
            return " partition " + tp.partition();
          }
        }
        next = f.nextOffset();
        if (f.records().isEmpty() && !follow && next >= f.highWatermark()) {
          break;
        }
      }
    }
    return " partition " + tp.partition();
  }

  private long startOffset(TopicPartition tp) {
    String at = offset == null ? "earliest" : offset;
    OffsetSpec spec =
        switch (at) {
          case "earliest" -> OffsetSpec.earliest();
          case "latest" -> OffsetSpec.latest();
          default -> null;
        };
    if (spec == null) {
      try {
        long n = Long.parseLong(at);
        if (n < 0) {
          throw usage("Invalid value for option '--offset': must not be negative");
        }
        return n;
      } catch (NumberFormatException e) {
        throw usage(
            "Invalid value for option '--offset': '" + at + "' (a number, earliest or latest)");
      }
    }
    return broker.withAdmin(admin -> admin.listOffset(tp, spec).offset());
  }

  /** Prints one record; false when stdout is closed. */
  private boolean print(ConsumerRecord r) throws JsonProcessingException {
    if (json) {
      ObjectNode o = StatsCommand.JSON.createObjectNode();
      o.put("topic", r.topic());
      o.put("partition", r.partition());
      o.put("offset", r.offset());
      o.put("timestamp", r.timestamp());
      o.put("key", r.keyAsString());
      o.put("value", r.valueAsString());
      ArrayNode headers = o.putArray("headers");
      for (Header h : r.headers()) {
        headers
            .addObject()
            .put("key", h.key())
            .put("value", h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      out.println(StatsCommand.JSON.writeValueAsString(o));
    } else {
      String value = r.valueAsString();
      out.println(value == null ? "" : value);
    }
    out.flush();
    printed++;
    return !out.checkError();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
