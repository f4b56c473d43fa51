package dev.minikafka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minikafka topics list|create|describe}. */
@Command(
    name = "topics",
    header = "List, create or describe topics.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    usageHelpWidth = 100,
    description = {"Lists, creates and describes topics.", ""},
    subcommands = {
      TopicsCommand.ListTopics.class,
      TopicsCommand.CreateTopic.class,
      TopicsCommand.DescribeTopic.class
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: topics list, topics create NAME or topics describe NAME");
  }

  /** {@code minikafka topics list}. */
  @Command(
      name = "list",
      header = "Print every topic name, one per line.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {"Prints the name of every topic, one per line, sorted.", ""},
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
  static final class ListTopics implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      List<String> names = new ArrayList<>();
      broker.client().stats().path("topics").properties().forEach(e -> names.add(e.getKey()));
      names.sort(null);
      PrintWriter out = spec.commandLine().getOut();
      names.forEach(out::println);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka topics create NAME}. */
  @Command(
      name = "create",
      header = "Create a topic unless it exists.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Creates a topic (POST /topics/register); nothing happens when it exists. Names follow"
            + " Kafka's rule: 1 to 249 of a-z A-Z 0-9 . _ -",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        "0:the topic exists now (created or already there)",
        "1:failure at run time (broker unreachable, name refused)",
        ExitCodes.LINE_USAGE
      })
  static final class CreateTopic implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      JsonNode r = broker.client().registerTopic(name);
      JsonNode created = r.get("created");
      String line;
      if (created == null || !created.isBoolean()) {
        line = "topic " + name + " is ready";
      } else if (created.asBoolean()) {
        line = "created topic " + name;
      } else {
        line = "topic " + name + " already exists";
      }
      spec.commandLine().getOut().println(line);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka topics describe NAME}. */
  @Command(
      name = "describe",
      header = "Print a topic's partitions, message count and consumers.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Prints a topic's partitions, message count and the consumers reading it with their"
            + " offsets.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, no such topic)",
        ExitCodes.LINE_USAGE
      })
  static final class DescribeTopic implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      JsonNode stats = broker.client().stats();
      JsonNode topic = stats.path("topics").get(name);
      if (topic == null) {
        throw new CliFailure("topic '" + name + "' does not exist");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("topic:      " + name);
      out.println("partitions: " + topic.path("partitions").asInt());
      out.println("messages:   " + topic.path("messages").asLong());
      List<String> consumers = new ArrayList<>();
      for (Map.Entry<String, JsonNode> c : stats.path("consumers").properties()) {
        if (name.equals(c.getValue().path("topic").asText(null))) {
          consumers.add(c.getKey() + " (offset " + c.getValue().path("offset").asLong() + ")");
        }
      }
      consumers.sort(null);
      out.println("consumers:  " + (consumers.isEmpty() ? "none" : String.join(", ", consumers)));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
