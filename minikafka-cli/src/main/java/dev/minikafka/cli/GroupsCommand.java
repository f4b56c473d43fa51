package dev.minikafka.cli;

import dev.minikafka.client.Admin;
import dev.minikafka.client.GroupDescription;
import dev.minikafka.client.GroupListing;
import dev.minikafka.client.OffsetSpec;
import dev.minikafka.core.TopicPartition;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minikafka groups list|describe|reset-offsets|delete}, over the SDK's {@link Admin}. */
@Command(
    name = "groups",
    header = "List, describe, reset or delete consumer groups.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    usageHelpWidth = 100,
    description = {
      "Lists consumer groups, describes one (members, assignments, committed offsets and lag),"
          + " moves a group's committed offsets, and deletes a group (/v1 API, Java SDK).",
      "A classroom consumer (bin/consumer) is a group of one named by its consumer id.",
      ""
    },
    subcommands = {
      GroupsCommand.ListGroups.class,
      GroupsCommand.DescribeGroup.class,
      GroupsCommand.ResetOffsets.class,
      GroupsCommand.DeleteGroup.class
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
final class GroupsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: groups list|describe|reset-offsets|delete");
  }

  /** The table of a group's partitions: committed offset, end, lag and owner. */
  static Table offsetsTable(GroupDescription d, String onlyTopic) {
    Map<TopicPartition, String> owners = new HashMap<>();
    for (GroupDescription.Member m : d.members()) {
      m.assignment().forEach(tp -> owners.put(tp, m.memberId()));
    }
    TreeSet<TopicPartition> partitions =
        new TreeSet<>(
            Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
    partitions.addAll(d.offsets().keySet());
    partitions.addAll(owners.keySet());
    Table table = new Table("TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "OWNER");
    for (TopicPartition tp : partitions) {
      if (onlyTopic != null && !onlyTopic.equals(tp.topic())) {
        continue;
      }
      GroupDescription.CommittedOffset o = d.offsets().get(tp);
      table.row(
          tp.topic(),
          tp.partition(),
          o == null || o.committed().isEmpty() ? null : o.committed().getAsLong(),
          o == null ? null : o.highWatermark(),
          o == null || o.lag().isEmpty() ? null : o.lag().getAsLong(),
          owners.get(tp));
    }
    return table;
  }

  /** {@code minikafka groups list}. */
  @Command(
      name = "list",
      header = "Print every consumer group with its state and member count.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Prints a table of every group with members or committed offsets (and every classroom"
            + " consumer): its id, state (Empty, Stable or Rebalancing), member count and"
            + " assignor. With --quiet only the ids, one per line.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
  static final class ListGroups implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the group ids, one per line.")
    boolean quiet;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      List<GroupListing> groups = new ArrayList<>(broker.withAdmin(Admin::listGroups));
      groups.sort(Comparator.comparing(GroupListing::groupId));
      PrintWriter out = spec.commandLine().getOut();
      if (quiet) {
        groups.forEach(g -> out.println(g.groupId()));
      } else {
        Table table = new Table("GROUP", "STATE", "MEMBERS", "ASSIGNOR");
        groups.forEach(g -> table.row(g.groupId(), g.state(), g.members(), g.assignor()));
        table.print(out);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka groups describe GROUP}. */
  @Command(
      name = "describe",
      header = "Print a group's members, assignments, committed offsets and lag.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Prints a group's state, generation, assignor and total lag, a table of its members"
            + " with the partitions each owns, and a table of its partitions: the committed"
            + " offset (the next the group reads), the partition's end (high watermark), the lag"
            + " between them and the member that owns it. '-' marks a partition owned but never"
            + " committed, or not owned by anyone.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, no such group)",
        ExitCodes.LINE_USAGE
      })
  static final class DescribeGroup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      GroupDescription d = broker.withAdmin(admin -> admin.describeGroup(group));
      PrintWriter out = spec.commandLine().getOut();
      out.println("group:      " + d.groupId());
      out.println("state:      " + Table.cell(d.state()));
      out.println("generation: " + d.generation());
      out.println("assignor:   " + Table.cell(d.assignor()));
      out.println("members:    " + d.members().size());
      out.println("total lag:  " + d.totalLag());
      if (!d.members().isEmpty()) {
        out.println();
        Table members = new Table("MEMBER", "CLIENT", "ASSIGNMENT");
        for (GroupDescription.Member m : d.members()) {
          List<String> owned = new ArrayList<>();
          m.assignment().stream()
              .sorted(
                  Comparator.comparing(TopicPartition::topic)
                      .thenComparing(TopicPartition::partition))
              .forEach(tp -> owned.add(tp.topic() + "-" + tp.partition()));
          members.row(
              m.memberId(), m.clientId(), owned.isEmpty() ? Table.NONE : String.join(",", owned));
        }
        members.print(out);
      }
      out.println();
      offsetsTable(d, null).print(out);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code minikafka groups reset-offsets GROUP --topic T --to-...}. */
  @Command(
      name = "reset-offsets",
      header = "Move a group's committed offsets on a topic.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      sortOptions = false,
      usageHelpWidth = 100,
      description = {
        "Sets the committed offsets of GROUP on the topic's partitions (all, or those of"
            + " --partitions) to the earliest or latest offset, an exact offset, or the first"
            + " message at or after a time; the group's next consumer starts there. Works for a"
            + " group that has committed nothing yet.",
        "Refused while the group has members: stop its consumers first (a member killed without"
            + " leaving counts until its session times out). Prints the group's offsets on the"
            + " topic afterwards.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, the group has members, no such topic or"
            + " partition, offset out of range)",
        ExitCodes.LINE_USAGE
      })
  static final class ResetOffsets implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Option(
        names = "--topic",
        required = true,
        paramLabel = "TOPIC",
        description = "The topic whose offsets move.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Where to (exactly one):%n")
    Target target;

    @Option(
        names = "--partitions",
        paramLabel = "P",
        split = ",",
        description = "Only these partitions, e.g. 0,1. Default: every partition of the topic.")
    List<Integer> partitions = new ArrayList<>();

    @Mixin BrokerOption broker;

    /** The one target of a reset. */
    static final class Target {
      @Option(names = "--to-earliest", description = "The first offset still stored.")
      boolean earliest;

      @Option(names = "--to-latest", description = "The end: only new messages are read.")
      boolean latest;

      @Option(names = "--to-offset", paramLabel = "N", description = "Exactly offset N.")
      Long offset;

      @Option(
          names = "--to-datetime",
          paramLabel = "ISO",
          description =
              "The first message at or after this time: ISO-8601 like 2026-11-24T15:00:00Z or"
                  + " 2026-11-24T16:00:00+01:00; without an offset, in the local time zone.")
      String datetime;
    }

    @Override
    public Integer call() {
      OffsetSpec to = offsetSpec();
      for (int p : partitions) {
        if (p < 0) {
          throw new ParameterException(
              spec.commandLine(), "Invalid value for option '--partitions': " + p);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      broker.useAdmin(
          admin -> {
            admin.resetOffsets(group, topic, to, List.copyOf(new TreeSet<>(partitions)));
            out.println("reset the offsets of group " + group + " on topic " + topic);
            offsetsTable(admin.describeGroup(group), topic).print(out);
          });
      out.flush();
      return ExitCodes.OK;
    }

    private OffsetSpec offsetSpec() {
      if (target.earliest) {
        return OffsetSpec.earliest();
      }
      if (target.latest) {
        return OffsetSpec.latest();
      }
      if (target.offset != null) {
        if (target.offset < 0) {
          throw new ParameterException(
              spec.commandLine(), "Invalid value for option '--to-offset': must not be negative");
        }
        return OffsetSpec.offset(target.offset);
      }
      return OffsetSpec.forTimestamp(parseTime(target.datetime).toEpochMilli());
    }

    private Instant parseTime(String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException withoutOffset) {
        try {
          return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
          throw new ParameterException(
              spec.commandLine(),
              "Invalid value for option '--to-datetime': '"
                  + text
                  + "' (expected ISO-8601, e.g. 2026-11-24T15:00:00Z)");
        }
      }
    }
  }

  /** {@code minikafka groups delete GROUP}. */
  @Command(
      name = "delete",
      header = "Delete a group and its committed offsets.",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      usageHelpWidth = 100,
      description = {
        "Deletes a group without members and its committed offsets (a classroom consumer's"
            + " registration too). Refused while the group has members.",
        ""
      },
      exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {
        ExitCodes.LINE_OK,
        "1:failure at run time (broker unreachable, no such group, the group has members)",
        ExitCodes.LINE_USAGE
      })
  static final class DeleteGroup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Mixin BrokerOption broker;

    @Override
    public Integer call() {
      broker.useAdmin(admin -> admin.deleteGroup(group));
      spec.commandLine().getOut().println("deleted group " + group);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
