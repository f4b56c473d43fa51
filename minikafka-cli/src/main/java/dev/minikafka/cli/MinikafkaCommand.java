package dev.minikafka.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code minikafka}: the root command; every action is a subcommand. */
@Command(
    name = "minikafka",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    showDefaultValues = false,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "A small, durable, Kafka-like message broker (classroom HTTP API, Swagger UI at /docs)"
          + " and its command-line client: produce, consume, topics and groups use the Java SDK"
          + " (/v1 API).",
    },
    subcommands = {
      ServeCommand.class,
      ProducerCommand.class,
      ConsumerCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      TopicsCommand.class,
      GroupsCommand.class,
      StatsCommand.class,
      HelpCommand.class,
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE},
    footer = {
      "",
      "The classroom programs are also launchers: bin/broker, bin/producer and bin/consumer run"
          + " 'minikafka broker|producer|consumer'.",
    })
final class MinikafkaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
