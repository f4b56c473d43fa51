package dev.minikafka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minikafka consume}: prints a topic's messages, as plain lines or JSON lines. */
@Command(
    name = "consume",
    header = "Print a topic's messages as plain lines or JSON lines.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Prints the messages of a topic as a classroom consumer (POST /consume): one per line, the"
          + " value only (--format plain) or a JSON object with topic, partition, offset, key,"
          + " value and timestamp (--format json).",
      "The broker remembers each consumer's offset: with --consumer-id ID the command carries on"
          + " where ID stopped; without it, a new consumer is registered, which reads the topic"
          + " from the beginning.",
      "Stops when it has caught up (nothing new), after --max-messages, or with --follow only"
          + " when stopped with Ctrl-C. Prints a summary line on stderr.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "0:caught up, or --max-messages reached",
      ExitCodes.LINE_FAILURE,
      ExitCodes.LINE_USAGE,
      "130:stopped with Ctrl-C (SIGINT)"
    })
final class ConsumeCommand implements Callable<Integer> {
  /** How long one request waits for a message in follow mode (long-poll). */
  static final long FOLLOW_WAIT_MS = 1000;

  @Spec CommandSpec spec;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Topic to read; registered (created) if needed.")
  String topic;

  @Option(
      names = "--consumer-id",
      paramLabel = "ID",
      description =
          "Read as this consumer, from its stored offset; a new id starts at the beginning."
              + " Default: a new consumer with a generated id.")
  String consumerId;

  @Option(
      names = "--from-beginning",
      description =
          "Read the topic from its first message. Over the classroom API a consumer cannot be"
              + " rewound, so this fails for a --consumer-id that has already read messages of"
              + " the topic.")
  boolean fromBeginning;

  @Option(
      names = {"-n", "--max-messages"},
      paramLabel = "N",
      description = "Stop after N messages.")
  Long maxMessages;

  @Option(
      names = {"-F", "--follow"},
      description = "Keep waiting for new messages (long-poll) instead of stopping when caught up.")
  boolean follow;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "plain",
      description =
          "plain (the value) or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin BrokerOption broker;

  @Override
  public Integer call() throws JsonProcessingException {
    boolean json =
        switch (format) {
          case "plain" -> false;
          case "json" -> true;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "Invalid value for option '--format': '" + format + "' (expected plain or json)");
        };
    if (maxMessages != null && maxMessages < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-messages': must be at least 1");
    }
    BrokerClient client = broker.client();
    if (fromBeginning && consumerId != null) {
      checkNotStarted(client);
    }
    JsonNode registration = client.registerConsumer(topic, consumerId);
    String id = registration.path("consumer_id").asText();
    PrintWriter out = spec.commandLine().getOut();
    long received = 0;
    long limit = maxMessages == null ? Long.MAX_VALUE : maxMessages;
    while (received < limit) {
      Optional<JsonNode> message = client.consume(id, follow ? FOLLOW_WAIT_MS : 0);
      if (message.isEmpty()) {
        if (follow) {
          continue;
        }
        break;
      }
      JsonNode m = message.get();
      if (json) {
        out.println(BrokerClient.JSON.writeValueAsString(m));
      } else {
        JsonNode value = m.get("value");
        out.println(value == null || value.isNull() ? "" : value.asText());
      }
      out.flush();
      received++;
      if (out.checkError()) {
        return ExitCodes.OK; // stdout was closed, e.g. by `| head`
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "consumed "
            + received
            + (received == 1 ? " message" : " messages")
            + " from "
            + topic
            + " as consumer "
            + id
            + (received < limit ? " (caught up)" : ""));
    err.flush();
    return ExitCodes.OK;
  }

  private void checkNotStarted(BrokerClient client) {
    JsonNode consumer = client.stats().path("consumers").path(consumerId);
    if (topic.equals(consumer.path("topic").asText(null)) && consumer.path("offset").asLong() > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--from-beginning: consumer '"
              + consumerId
              + "' has already read "
              + consumer.path("offset").asLong()
              + " messages of '"
              + topic
              + "' and the classroom API cannot rewind it; use a new --consumer-id, or none");
    }
  }
}
