package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of {@code bin/broker} while {@code bin/producer} is producing: after a restart on the
 * same data directory every message the producer printed as acknowledged is there at its offset
 * with its value, and the consumers' offsets survived.
 */
@Timeout(120)
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SENT = Pattern.compile("sent (message-\\d+) -> offset (\\d+)");
  private static final int BEFORE = 10;
  private static final int CONSUMED_BEFORE = 4;

  @TempDir Path dataDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  @Test
  void everyAcknowledgedMessageAndConsumerOffsetSurvivesSigkill() throws Exception {
    BrokerProcess first = BrokerProcess.start(launchers, dataDir);
    ok(first.post("/topics/register", "{\"topic\":\"crash\"}"));
    for (int i = 0; i < BEFORE; i++) {
      ok(first.post("/produce", "{\"topic\":\"crash\",\"value\":\"before-" + i + "\"}"));
    }
    ok(first.post("/consumers/register", "{\"topic\":\"crash\",\"consumer_id\":\"abinash\"}"));
    for (int i = 0; i < CONSUMED_BEFORE; i++) {
      assertThat(ok(first.post("/consume", "{\"consumer_id\":\"abinash\"}")).get("offset").asLong())
          .isEqualTo(i);
    }

    Launched producer =
        launchers.start(
            "producer", List.of("--topic", "crash", "--count", "1000000", "--broker", first.url()));
    producer.awaitOut(line -> line.startsWith("sent "), 200, Duration.ofSeconds(60));
    first.kill();

    // The producer notices in one line and exit code 1; what it printed before is acknowledged.
    int producerExit = producer.awaitExit(Duration.ofSeconds(30));
    assertThat(producerExit).as("%s", producer).isEqualTo(1);
    assertThat(producer.err()).as("%s", producer).hasSize(1);
    assertThat(producer.err().get(0)).startsWith("minikafka: ");
    Map<Long, String> acknowledged = new HashMap<>();
    for (String line : producer.out()) {
      Matcher m = SENT.matcher(line);
      if (m.matches()) {
        acknowledged.put(Long.parseLong(m.group(2)), m.group(1));
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
    assertThat(Files.exists(dataDir.resolve(".clean-shutdown"))).isFalse();

    BrokerProcess second = BrokerProcess.start(launchers, dataDir);

    JsonNode stats = ok(second.get("/stats"));
    long stored = stats.at("/topics/crash/messages").asLong();
    assertThat(stored).isGreaterThanOrEqualTo(BEFORE + acknowledged.size());
    assertThat(stats.at("/consumers/abinash/topic").asText()).isEqualTo("crash");
    assertThat(stats.at("/consumers/abinash/offset").asLong()).isEqualTo(CONSUMED_BEFORE);

    // abinash carries on where he stopped before the crash.
    JsonNode next = ok(second.post("/consume", "{\"consumer_id\":\"abinash\"}"));
    assertThat(next.get("offset").asLong()).isEqualTo(CONSUMED_BEFORE);
    assertThat(next.get("value").asText()).isEqualTo("before-" + CONSUMED_BEFORE);

    // A new consumer reads everything: dense offsets, and every acknowledged value in its place.
    ok(second.post("/consumers/register", "{\"topic\":\"crash\",\"consumer_id\":\"auditor\"}"));
    Map<Long, String> read = new HashMap<>();
    while (true) {
      HttpResponse<String> r = second.post("/consume", "{\"consumer_id\":\"auditor\"}");
      if (r.statusCode() == 204) {
        break;
      }
      JsonNode m = ok(r);
      assertThat(m.get("offset").asLong()).isEqualTo(read.size());
      read.put(m.get("offset").asLong(), m.get("value").asText());
    }
    assertThat((long) read.size()).isEqualTo(stored);
    for (int i = 0; i < BEFORE; i++) {
      assertThat(read).containsEntry((long) i, "before-" + i);
    }
    assertThat(read).containsAllEntriesOf(acknowledged);
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
