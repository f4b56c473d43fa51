package dev.minikafka.cli;

import dev.minikafka.client.Admin;
import dev.minikafka.client.NewTopic;
import dev.minikafka.client.TopicDescription;
import dev.minikafka.client.TopicListing;
import dev.minikafka.core.errors.TopicExistsException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minikafka topics list|create|describe|alter|delete}, over the SDK's {@link Admin}. */
@Command(
    name = "topics",
    header = "List, create, describe, alter or delete topics.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    usageHelpWidth = 100,
    description = {
      "Lists, creates, describes, alters and deletes topics (/v1 API, Java SDK).",
      "Topic names follow Kafka's rule: 1 to 249 of a-z A-Z 0-9 . _ -",
      ""
    },
    subcommands = {
      TopicsCommand.ListTopics.class,
      TopicsCommand.CreateTopic.class,
      TopicsCommand.DescribeTopic.class,
      TopicsCommand.AlterTopic.class,
      TopicsCommand.DeleteTopic.class
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: topics list|create|describe|alter|delete");
  }

  /** {@code key=value} pairs as a map, in the order given; a usage error for anything else. */
  static Map<String, String> configs(CommandSpec spec, List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid value for option '--config': '" + pair + "' (expected KEY=VALUE)");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  /** {@code k1=v1, k2=v2}: the entries of {@code map} in its order. */
  static String pairs(Map<String, String> map) {
    List<String> out = new ArrayList<>(map.size());
    map.forEach((k, v) -> out.add(k + "=" + v));
    return String.join(", ", out);
  }

  /** {@code minikafka topics list}. */
  @Command(
      name = "list",
      header = "Print every topic name, one per line.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Prints the name of every topic, one per line, sorted; with --long also its partition"
            + " count.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
  static final class ListTopics implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-l", "--long"},
        description = "Print a table of names and partition counts.")
    boolean longFormat;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      List<TopicListing> topics = new ArrayList<>(broker.withAdmin(Admin::listTopics));
      topics.sort((a, b) -> a.name().compareTo(b.name()));
      PrintWriter out = spec.commandLine().getOut();
      if (longFormat) {
        Table table = new Table("TOPIC", "PARTITIONS");
        topics.forEach(t -> table.row(t.name(), t.partitions()));
        table.print(out);
      } else {
        topics.forEach(t -> out.println(t.name()));
      }
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
        "Creates a topic with --partitions partitions and the given configs (POST /v1/topics);"
            + " when it exists already, says so and changes nothing.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        "0:the topic exists now (created or already there)",
        "1:failure at run time (broker unreachable, name or config refused)",
        ExitCodes.LINE_USAGE
      })
  static final class CreateTopic implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        defaultValue = "1",
        description = "How many partitions. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(
        names = "--config",
        paramLabel = "KEY=VALUE",
        description =
            "A topic config, e.g. retention.ms=86400000 or cleanup.policy=compact; repeatable.")
    List<String> configs = new ArrayList<>();

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      if (partitions < 1) {
        throw new ParameterException(
            spec.commandLine(), "Invalid value for option '--partitions': must be at least 1");
      }
      NewTopic topic = new NewTopic(name, partitions, TopicsCommand.configs(spec, configs));
      String line =
          broker.withAdmin(
              admin -> {
                try {
                  int n = admin.createTopic(topic).partitions().size();
                  return "created topic " + name + (n == 1 ? "" : " with " + n + " partitions");
                } catch (TopicExistsException e) {
                  int n = admin.describeTopic(name).partitions().size();
                  return "topic "
                      + name
                      + " already exists"
                      + (n == 1 ? "" : " (" + n + " partitions)");
                }
              });
      spec.commandLine().getOut().println(line);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka topics describe NAME}. */
  @Command(
      name = "describe",
      header = "Print a topic's configs and partitions with their offsets.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Prints a topic's partition count, message count and configs, then a table of its"
            + " partitions: the first offset still stored (START), the offset the next message"
            + " gets (END, the high watermark), the messages between them, the bytes on disk and"
            + " the log's segment files.",
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
      TopicDescription d = broker.withAdmin(admin -> admin.describeTopic(name));
      PrintWriter out = spec.commandLine().getOut();
      long messages = 0;
      Table table = new Table("PARTITION", "START", "END", "MESSAGES", "BYTES", "SEGMENTS");
      for (TopicDescription.PartitionDescription p : d.partitions()) {
        long n = p.highWatermark() - p.logStartOffset();
        messages += n;
        table.row(
            p.partition(), p.logStartOffset(), p.highWatermark(), n, p.sizeBytes(), p.segments());
      }
      out.println("topic:      " + d.name());
      out.println("partitions: " + d.partitions().size());
      out.println("messages:   " + messages);
      out.println(
          "configs:    " + (d.configs().isEmpty() ? "none" : pairs(new TreeMap<>(d.configs()))));
      table.print(out);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka topics alter NAME}. */
  @Command(
      name = "alter",
      header = "Change a topic's configs or add partitions.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Sets the given configs of a topic (the others keep their values) and/or grows it to"
            + " --partitions partitions. Partitions can only be added: a keyed message may then"
            + " go to another partition than the same key's earlier messages.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, no such topic, config or count refused)",
        ExitCodes.LINE_USAGE
      })
  static final class AlterTopic implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(
        names = "--config",
        paramLabel = "KEY=VALUE",
        description = "A config to set, e.g. retention.ms=86400000; repeatable.")
    List<String> configs = new ArrayList<>();

    @Option(
        names = "--partitions",
        paramLabel = "N",
        description = "The new partition count, larger than the current one.")
    Integer partitions;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      if (configs.isEmpty() && partitions == null) {
        throw new ParameterException(
            spec.commandLine(), "Nothing to alter: give --config KEY=VALUE and/or --partitions N");
      }
      Map<String, String> changes = TopicsCommand.configs(spec, configs);
      PrintWriter out = spec.commandLine().getOut();
      broker.useAdmin(
          admin -> {
            if (!changes.isEmpty()) {
              admin.alterConfigs(name, changes);
              out.println("set " + pairs(changes) + " on topic " + name);
            }
            if (partitions != null) {
              admin.addPartitions(name, partitions);
              out.println("topic " + name + " has " + partitions + " partitions now");
            }
          });
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka topics delete NAME}. */
  @Command(
      name = "delete",
      header = "Delete a topic and its messages.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {"Deletes a topic and all its messages; this cannot be undone.", ""},
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, no such topic)",
        ExitCodes.LINE_USAGE
      })
  static final class DeleteTopic implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      broker.useAdmin(admin -> admin.deleteTopic(name));
      spec.commandLine().getOut().println("deleted topic " + name);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
