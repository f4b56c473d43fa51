package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/minikafka}: its commands against a real broker, its exit codes and its errors. */
@Timeout(120)
class MinikafkaCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static final Launchers BROKERS = new Launchers();
  private static BrokerProcess broker;

  @TempDir Path scratch;

  @RegisterExtension final Launchers launchers = new Launchers();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start(BROKERS, dataDir);
  }

  @AfterAll
  static void stopBroker() {
    BROKERS.close();
  }

  @Test
  void produceFromStdinThenConsumeFromTheBeginning() throws Exception {
    Launchers.Result produced =
        launchers.run(
            "minikafka",
            List.of("produce", "--topic", "lines", "--broker", broker.url()),
            "one\ntwo\nthree\n");
    assertThat(produced.exitCode()).as("%s", produced).isZero();
    assertThat(produced.stdout()).isEmpty();
    assertThat(produced.err()).containsExactly("produced 3 messages to lines (offsets 0 to 2)");

    Launchers.Result two =
        cli("consume", "--topic", "lines", "--from-beginning", "--max-messages", "2");
    assertThat(two.exitCode()).as("%s", two).isZero();
    assertThat(two.out()).containsExactly("one", "two");

    Launchers.Result json =
        cli("consume", "--topic", "lines", "--consumer-id", "jq", "--format", "json");
    assertThat(json.exitCode()).as("%s", json).isZero();
    assertThat(json.out()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode m = JSON.readTree(json.out().get(i));
      assertThat(m.get("topic").asText()).isEqualTo("lines");
      assertThat(m.get("offset").asLong()).isEqualTo(i);
      assertThat(m.get("value").asText()).isEqualTo(List.of("one", "two", "three").get(i));
    }
    assertThat(json.err())
        .containsExactly("consumed 3 messages from lines as consumer jq (caught up)");

    // jq has caught up: nothing more, exit 0. Over /v1 its offsets can be rewound.
    Launchers.Result again = cli("consume", "--topic", "lines", "--consumer-id", "jq");
    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(again.out()).isEmpty();
    Launchers.Result rewind =
        cli("consume", "--topic", "lines", "--consumer-id", "jq", "--from-beginning");
    assertThat(rewind.exitCode()).as("%s", rewind).isZero();
    assertThat(rewind.out()).containsExactly("one", "two", "three");
  }

  @Test
  void produceFromArgumentsAndFileWithKey() throws Exception {
    Launchers.Result args =
        cli("produce", "--topic", "keyed", "--key", "user-1", "--print-offsets", "a", "b");
    assertThat(args.exitCode()).as("%s", args).isZero();
    assertThat(args.out()).containsExactly("0 a", "1 b");

    Path file = Files.writeString(scratch.resolve("values.txt"), "c\nd\n");
    Launchers.Result fromFile = cli("produce", "--topic", "keyed", "--file", file.toString());
    assertThat(fromFile.exitCode()).as("%s", fromFile).isZero();
    assertThat(fromFile.err()).containsExactly("produced 2 messages to keyed (offsets 2 to 3)");

    Launchers.Result read = cli("consume", "--topic", "keyed", "--format", "json");
    assertThat(read.out()).hasSize(4);
    assertThat(JSON.readTree(read.out().get(0)).get("key").asText()).isEqualTo("user-1");
    assertThat(read.out().stream().map(l -> value(l))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void topicsListCreateDescribe() throws Exception {
    Launchers.Result created = cli("topics", "create", "orders");
    assertThat(created.exitCode()).as("%s", created).isZero();
    assertThat(created.out()).containsExactly("created topic orders");
    assertThat(cli("topics", "create", "orders").out())
        .containsExactly("topic orders already exists");

    broker.post("/produce", "{\"topic\":\"orders\",\"value\":\"x\"}");
    broker.post("/produce", "{\"topic\":\"orders\",\"value\":\"y\"}");
    broker.post("/consumers/register", "{\"topic\":\"orders\",\"consumer_id\":\"c1\"}");
    assertThat(broker.post("/consume", "{\"consumer_id\":\"c1\"}").statusCode()).isEqualTo(200);

    Launchers.Result list = cli("topics", "list");
    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.out()).contains("orders").isSorted();

    Launchers.Result describe = cli("topics", "describe", "orders");
    assertThat(describe.exitCode()).as("%s", describe).isZero();
    assertThat(describe.out().subList(0, 3))
        .containsExactly("topic:      orders", "partitions: 1", "messages:   2");
    assertThat(describe.out().get(3)).startsWith("configs:    ").contains("retention.ms=");
    assertThat(describe.out().get(4).split(" +"))
        .containsExactly("PARTITION", "START", "END", "MESSAGES", "BYTES", "SEGMENTS");
    assertThat(describe.out().get(5).split(" +")).startsWith("0", "0", "2", "2");
    assertThat(describe.out()).hasSize(6);

    // The classroom consumer c1 is a group of one, with its offset as the committed one.
    Launchers.Result c1 = cli("groups", "describe", "c1");
    assertThat(c1.exitCode()).as("%s", c1).isZero();
    assertThat(c1.out())
        .anySatisfy(
            l -> assertThat(l.split(" +")).containsExactly("orders", "0", "1", "2", "1", "-"));

    Launchers.Result missing = cli("topics", "describe", "no-such-topic");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).containsExactly("minikafka: topic 'no-such-topic' does not exist");

    Launchers.Result illegal = cli("topics", "create", "no spaces");
    assertThat(illegal.exitCode()).isEqualTo(1);
    assertThat(illegal.err()).hasSize(1);
    assertThat(illegal.stderr()).startsWith("minikafka: topic name has an illegal character");
  }

  @Test
  void statsPrintsTheBrokersStatsAsJson() throws Exception {
    for (int i = 0; i < 3; i++) {
      broker.post("/topics/register", "{\"topic\":\"counted\"}");
      broker.post("/produce", "{\"topic\":\"counted\",\"value\":\"" + i + "\"}");
    }

    Launchers.Result stats = cli("stats");

    assertThat(stats.exitCode()).as("%s", stats).isZero();
    JsonNode printed = JSON.readTree(stats.stdout());
    assertThat(printed.at("/topics/counted/messages").asLong()).isEqualTo(3);
    assertThat(stats.out().size()).as("indented").isGreaterThan(3);
  }

  @Test
  void unreachableBrokerIsOneLineAndExitCode1() throws Exception {
    String nowhere = "http://127.0.0.1:" + Launchers.freePort();
    for (List<String> command :
        List.of(
            List.of("minikafka", "stats", "--broker", nowhere),
            List.of("minikafka", "topics", "list", "--broker", nowhere),
            List.of("minikafka", "produce", "--topic", "t", "x", "--broker", nowhere),
            List.of("minikafka", "consume", "--topic", "t", "--broker", nowhere),
            List.of("minikafka", "consume", "--topic", "t", "--group", "g", "--broker", nowhere),
            List.of("minikafka", "groups", "list", "--broker", nowhere),
            List.of("producer", "--topic", "demo", "--broker", nowhere),
            List.of("consumer", "--topic", "demo", "--broker", nowhere))) {
      Launchers.Result r = launchers.run(command.get(0), command.subList(1, command.size()), "");
      assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
      assertThat(r.err())
          .as("%s", r)
          .containsExactly(
              "minikafka: cannot reach the broker at " + nowhere + " (connection refused)");
    }
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    // Every usage error in-process: MainTest. Here: what a user sees from the launchers.
    Launchers.Result bogus = launchers.run("minikafka", "produce", "--topic", "t", "--bogus");
    assertThat(bogus.exitCode()).as("%s", bogus).isEqualTo(2);
    assertThat(bogus.err())
        .containsExactly(
            "minikafka produce: Unknown option: '--bogus'",
            "Try 'minikafka produce --help' for more information.");

    Launchers.Result noTopic = launchers.run("producer");
    assertThat(noTopic.exitCode()).isEqualTo(2);
    assertThat(noTopic.stderr()).contains("Missing required option: '--topic=TOPIC'");

    Launchers.Result badBroker = launchers.run("minikafka", "stats", "--broker", "localhost:8000");
    assertThat(badBroker.exitCode()).isEqualTo(2);
    assertThat(badBroker.stderr()).contains("Invalid value for option '--broker'");
  }

  @Test
  void helpAndVersion() throws Exception {
    Launchers.Result help = launchers.run("minikafka", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout())
        .contains("serve, broker", "producer", "consumer", "produce", "consume", "topics", "groups")
        .contains("stats")
        .contains("Exit codes:");

    Launchers.Result broker = launchers.run("broker", "--help");
    assertThat(broker.exitCode()).as("%s", broker).isZero();
    assertThat(broker.stdout())
        .contains("Usage: minikafka serve")
        .contains("--host", "--port", "--data-dir", "--flush", "MINIKAFKA_PORT");

    Launchers.Result version = launchers.run("producer", "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("minikafka ");
  }

  private Launchers.Result cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--broker", broker.url()));
    return launchers.run("minikafka", all, "");
  }

  private static String value(String jsonLine) {
    try {
      return JSON.readTree(jsonLine).get("value").asText();
    } catch (Exception e) {
      throw new AssertionError(jsonLine, e);
    }
  }
}
