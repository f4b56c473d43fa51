package dev.minikafka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.client.ClassroomClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code minikafka stats}: the broker's {@code GET /stats} as indented JSON. */
@Command(
    name = "stats",
    header = "Print the broker's statistics (GET /stats) as JSON.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Prints the broker's statistics (GET /stats) as indented JSON: each topic's partitions and"
          + " message count, and each consumer's topic and offset.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
final class StatsCommand implements Callable<Integer> {
  /** The JSON mapper of the commands that print JSON (thread-safe once configured). */
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin BrokerOption broker;

  @Override
  public Integer call() throws JsonProcessingException {
    JsonNode stats;
    try (ClassroomClient client = broker.classroom()) {
      stats = client.stats();
    }
    spec.commandLine().getOut().println(pretty(stats));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** {@code node} indented by two spaces, like {@code jq}. */
  static String pretty(JsonNode node) throws JsonProcessingException {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return JSON.writer(printer).writeValueAsString(node);
  }
}
