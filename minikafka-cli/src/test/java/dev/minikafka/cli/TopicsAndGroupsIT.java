package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.core.KeyPartitioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/minikafka topics|produce|consume|groups} over the /v1 API, as subprocesses against a
 * real broker process: partitioned topics, keyed records, group consumption, lag and offset resets.
 */
@Timeout(180)
class TopicsAndGroupsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEYS = List.of("alice", "bob", "carol");

  @TempDir static Path dataDir;

  private static final Launchers BROKERS = new Launchers();
  private static BrokerProcess broker;

  private final Launchers launchers = new Launchers();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start(BROKERS, dataDir);
  }

  @AfterEach
  void killClients() {
    launchers.close();
  }

  @AfterAll
  static void stopBroker() {
    BROKERS.close();
  }

  @Test
  void topicsCreateDescribeAlterDelete() throws Exception {
    Launchers.Result created =
        ok("topics", "create", "metrics", "--partitions", "2", "--config", "retention.ms=3600000");
    assertThat(created.out()).containsExactly("created topic metrics with 2 partitions");

    Launchers.Result described = ok("topics", "describe", "metrics");
    assertThat(described.out()).contains("partitions: 2", "messages:   0");
    assertThat(configsLine(described)).contains("retention.ms=3600000");
    assertThat(partitionRows(described)).hasSize(2);

    Launchers.Result altered =
        ok("topics", "alter", "metrics", "--config", "retention.ms=7200000", "--partitions", "5");
    assertThat(altered.out())
        .containsExactly(
            "set retention.ms=7200000 on topic metrics", "topic metrics has 5 partitions now");
    Launchers.Result after = ok("topics", "describe", "metrics");
    assertThat(after.out()).contains("partitions: 5");
    assertThat(configsLine(after)).contains("retention.ms=7200000");
    assertThat(partitionRows(after)).extracting(r -> r[0]).containsExactly("0", "1", "2", "3", "4");

    Launchers.Result shrink = cli("topics", "alter", "metrics", "--partitions", "3");
    assertOneLineFailure(shrink);
    Launchers.Result badConfig = cli("topics", "alter", "metrics", "--config", "retention.ms=x");
    assertOneLineFailure(badConfig);
    assertThat(cli("topics", "alter", "metrics").exitCode()).as("nothing to alter").isEqualTo(2);

    assertThat(ok("topics", "list", "--long").out())
        .anySatisfy(l -> assertThat(l.split(" +")).containsExactly("metrics", "5"));
    assertThat(ok("topics", "delete", "metrics").out()).containsExactly("deleted topic metrics");
    assertThat(ok("topics", "list").out()).doesNotContain("metrics");
    Launchers.Result gone = cli("topics", "describe", "metrics");
    assertOneLineFailure(gone);
    assertThat(gone.err()).containsExactly("minikafka: topic 'metrics' does not exist");
  }

  @Test
  void keyedRecordsAreConsumedInAGroupThenReplayedAfterResets() throws Exception {
    ok("topics", "create", "events", "--partitions", "3");
    Map<String, Integer> partitionOf = new HashMap<>();
    for (String key : KEYS) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        values.add(key + "-" + i);
      }
      List<String> args =
          new ArrayList<>(List.of("produce", "--topic", "events", "--key", key, "--print-offsets"));
      args.addAll(values);
      Launchers.Result produced = ok(args.toArray(String[]::new));
      // Each key goes to the partition Kafka's murmur2 gives it, all four in order there.
      int p = KeyPartitioner.partition(key.getBytes(StandardCharsets.UTF_8), 3);
      partitionOf.put(key, p);
      assertThat(produced.out()).hasSize(4);
      for (int i = 0; i < 4; i++) {
        assertThat(produced.out().get(i))
            .matches((p == 0 ? "" : p + "/") + "\\d+ " + values.get(i));
      }
    }
    assertThat(new HashSet<>(partitionOf.values()))
        .as("keys spread over partitions")
        .hasSizeGreaterThan(1);

    // Group g1 reads all twelve: each key's records in order, in the key's partition.
    Launchers.Result all = ok("consume", "--topic", "events", "--group", "g1", "--format", "json");
    assertThat(all.out()).hasSize(12);
    Map<String, List<String>> byKey = new HashMap<>();
    long lastTimestamp = 0;
    for (String line : all.out()) {
      JsonNode r = JSON.readTree(line);
      String key = r.get("key").asText();
      assertThat(r.get("partition").asInt()).isEqualTo(partitionOf.get(key));
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.get("value").asText());
      lastTimestamp = Math.max(lastTimestamp, r.get("timestamp").asLong());
    }
    for (String key : KEYS) {
      assertThat(byKey.get(key)).containsExactly(key + "-0", key + "-1", key + "-2", key + "-3");
    }
    assertThat(all.err())
        .containsExactly("consumed 12 messages from events in group g1 (caught up)");
    assertThat(ok("consume", "--topic", "events", "--group", "g1").out()).as("committed").isEmpty();

    Launchers.Result list = ok("groups", "list");
    assertThat(list.out().get(0).split(" +"))
        .containsExactly("GROUP", "STATE", "MEMBERS", "ASSIGNOR");
    assertThat(list.out()).anySatisfy(l -> assertThat(l).startsWith("g1 ").contains("Empty"));
    assertThat(ok("groups", "list", "--quiet").out()).contains("g1");

    // Two more for alice: the group lags by two, on alice's partition only.
    waitPastMillis(lastTimestamp);
    ok("produce", "--topic", "events", "--key", "alice", "alice-4", "alice-5");
    int alice = partitionOf.get("alice");
    Launchers.Result described = ok("groups", "describe", "g1");
    assertThat(described.out()).contains("group:      g1", "state:      Empty", "total lag:  2");
    Map<Integer, String[]> rows = offsetRows(described, "events");
    // Every partition the group committed on (an empty one has nothing to commit).
    assertThat(rows).containsKey(alice);
    rows.forEach(
        (p, row) -> {
          long end = Long.parseLong(row[3]);
          assertThat(row[2])
              .as("committed of %d", p)
              .isEqualTo(Long.toString(p == alice ? end - 2 : end));
          assertThat(row[4]).as("lag of %d", p).isEqualTo(p == alice ? "2" : "0");
        });

    // Back to the first of the two new ones, by time: exactly those two are read again.
    Launchers.Result byTime =
        ok(
            "groups",
            "reset-offsets",
            "g1",
            "--topic",
            "events",
            "--to-datetime",
            Instant.ofEpochMilli(lastTimestamp + 1).toString());
    assertThat(byTime.out().get(0)).isEqualTo("reset the offsets of group g1 on topic events");
    assertThat(ok("consume", "--topic", "events", "--group", "g1").out())
        .containsExactly("alice-4", "alice-5");

    // An exact offset on one partition: alice's from offset 1, the same as that partition read
    // without a group from offset 1 (another key may share the partition).
    String alicePartition = Integer.toString(alice);
    ok(
        "groups",
        "reset-offsets",
        "g1",
        "--topic",
        "events",
        "--to-offset",
        "1",
        "--partitions",
        alicePartition);
    List<String> fromOne =
        ok("consume", "--topic", "events", "--partition", alicePartition, "--offset", "1").out();
    assertThat(fromOne).containsSubsequence("alice-1", "alice-2", "alice-3", "alice-4", "alice-5");
    assertThat(fromOne).hasSize(Integer.parseInt(rows.get(alice)[3]) - 1);
    assertThat(ok("consume", "--topic", "events", "--group", "g1").out()).isEqualTo(fromOne);

    // To the beginning of everything, then read three and stop: three are committed.
    ok("groups", "reset-offsets", "g1", "--topic", "events", "--to-earliest");
    Launchers.Result three = ok("consume", "--topic", "events", "--group", "g1", "-n", "3");
    assertThat(three.out()).hasSize(3);
    assertThat(three.err()).containsExactly("consumed 3 messages from events in group g1");
    assertThat(ok("groups", "describe", "g1").out()).contains("total lag:  11");

    // To the end: nothing left.
    ok("groups", "reset-offsets", "g1", "--topic", "events", "--to-latest");
    assertThat(ok("groups", "describe", "g1").out()).contains("total lag:  0");

    // Without a group: one partition from an offset; nothing is committed.
    long aliceEnd = Long.parseLong(rows.get(alice)[3]);
    assertThat(
            ok(
                    "consume",
                    "--topic",
                    "events",
                    "--partition",
                    alicePartition,
                    "--offset",
                    Long.toString(aliceEnd - 2))
                .out())
        .containsExactly("alice-4", "alice-5");
    assertThat(ok("groups", "describe", "g1").out()).contains("total lag:  0");
    Launchers.Result outOfRange =
        cli(
            "consume",
            "--topic",
            "events",
            "--partition",
            Integer.toString(alice),
            "--offset",
            "99");
    assertOneLineFailure(outOfRange);
    assertThat(outOfRange.stderr()).contains("out of range");
  }

  @Test
  void aGroupWithAMemberIsNeitherResetNorDeleted() throws Exception {
    ok("topics", "create", "busy", "--partitions", "2");
    ok("produce", "--topic", "busy", "a", "b");
    Launched member =
        launchers.start(
            "minikafka",
            List.of(
                "consume",
                "--topic",
                "busy",
                "--group",
                "live",
                "--follow",
                "--broker",
                broker.url()));
    member.awaitOut(l -> true, 2, Duration.ofSeconds(30));
    awaitDescribe("live", "members:    1");

    Launchers.Result described = ok("groups", "describe", "live");
    assertThat(described.out()).contains("state:      Stable");
    assertThat(described.out())
        .anySatisfy(l -> assertThat(l).startsWith("minikafka-consume-").contains("busy-0,busy-1"));

    Launchers.Result reset =
        cli("groups", "reset-offsets", "live", "--topic", "busy", "--to-earliest");
    assertOneLineFailure(reset);
    assertThat(reset.stderr()).contains("'live'", "member");
    assertOneLineFailure(cli("groups", "delete", "live"));
    Launchers.Result rewind =
        cli("consume", "--topic", "busy", "--group", "live", "--from-beginning");
    assertOneLineFailure(rewind);

    // The member goes (killed: the broker drops it after its session timeout); then both work.
    member.destroy();
    awaitDescribe("live", "members:    0");
    ok("groups", "reset-offsets", "live", "--topic", "busy", "--to-earliest");
    assertThat(ok("groups", "delete", "live").out()).containsExactly("deleted group live");
    assertThat(ok("groups", "list", "-q").out()).doesNotContain("live");
    assertOneLineFailure(cli("groups", "describe", "live"));
  }

  @Test
  void errorsAreOneLineWithExitCode1AndUsageErrorsExit2() throws Exception {
    for (List<String> args :
        List.of(
            List.of("consume", "--topic", "nowhere"),
            List.of("consume", "--topic", "nowhere", "--group", "g"),
            List.of("topics", "delete", "nowhere"),
            List.of("topics", "alter", "nowhere", "--partitions", "2"),
            List.of("groups", "reset-offsets", "g", "--topic", "nowhere", "--to-latest"))) {
      Launchers.Result r = cli(args.toArray(String[]::new));
      assertOneLineFailure(r);
      assertThat(r.stderr()).as("%s", r).contains("'nowhere'");
    }
    for (List<String> args :
        List.of(
            List.of("groups", "reset-offsets", "g", "--topic", "t"),
            List.of("groups", "reset-offsets", "g", "--topic", "t", "--to-earliest", "--to-latest"),
            List.of("groups", "reset-offsets", "g", "--topic", "t", "--to-datetime", "yesterday"),
            List.of("topics", "create", "t", "--config", "retention.ms"),
            List.of("consume", "--topic", "t", "--group", "g", "--offset", "3"),
            List.of("consume", "--topic", "t", "--offset", "first"))) {
      Launchers.Result r = cli(args.toArray(String[]::new));
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    }
    Launchers.Result help = launchers.run("minikafka", "groups", "reset-offsets", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout())
        .contains("--to-earliest", "--to-latest", "--to-offset", "--to-datetime", "--partitions")
        .contains("Exit codes:");
  }

  private void awaitDescribe(String group, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (true) {
      Launchers.Result r = cli("groups", "describe", group);
      if (r.exitCode() == 0 && r.out().contains(line)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("groups describe " + group + " never showed '" + line + "': " + r);
      }
      Thread.sleep(200);
    }
  }

  /** Waits until the wall clock is past {@code epochMillis}, so later records are later. */
  private static void waitPastMillis(long epochMillis) throws InterruptedException {
    while (System.currentTimeMillis() <= epochMillis + 1) {
      Thread.sleep(5);
    }
  }

  private static String configsLine(Launchers.Result r) {
    return r.out().stream().filter(l -> l.startsWith("configs:")).findFirst().orElseThrow();
  }

  /** The rows of the partition table of {@code topics describe}, split into cells. */
  private static List<String[]> partitionRows(Launchers.Result r) {
    int header =
        r.out()
            .indexOf(
                r.out().stream().filter(l -> l.startsWith("PARTITION")).findFirst().orElseThrow());
    return r.out().subList(header + 1, r.out().size()).stream().map(l -> l.split(" +")).toList();
  }

  /** The rows of {@code topic} in the offsets table of {@code groups describe}, by partition. */
  private static Map<Integer, String[]> offsetRows(Launchers.Result r, String topic) {
    Map<Integer, String[]> rows = new HashMap<>();
    for (String line : r.out()) {
      String[] cells = line.split(" +");
      if (cells.length == 6 && cells[0].equals(topic)) {
        rows.put(Integer.parseInt(cells[1]), cells);
      }
    }
    return rows;
  }

  private static void assertOneLineFailure(Launchers.Result r) {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).as("%s", r).hasSize(1);
    assertThat(r.err().get(0)).as("%s", r).startsWith("minikafka: ");
    ClassroomGuideIT.assertNoStackTrace(r.err());
  }

  private Launchers.Result ok(String... args) throws Exception {
    Launchers.Result r = cli(args);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  private Launchers.Result cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--broker", broker.url()));
    return launchers.run("minikafka", all, "");
  }
}
