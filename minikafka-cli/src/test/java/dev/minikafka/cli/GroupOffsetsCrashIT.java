package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer group over HTTP against {@code bin/broker}: it commits offsets, the broker is
 * SIGKILLed and restarted on the same data directory, and the committed offsets (with their
 * metadata) are intact, the old membership is gone, and a member that joins again resumes exactly
 * from the commits. A classroom consumer's offset shows up in the group list as well.
 */
@Timeout(120)
class GroupOffsetsCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MESSAGES = 10;

  @TempDir Path dataDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  @Test
  void committedOffsetsSurviveSigkillAndARejoiningMemberResumesFromThem() throws Exception {
    BrokerProcess first = BrokerProcess.start(launchers, dataDir);
    for (String topic : new String[] {"orders", "audit"}) {
      ok(first.post("/topics/register", "{\"topic\":\"" + topic + "\"}"));
      for (int i = 0; i < MESSAGES; i++) {
        ok(first.post("/produce", "{\"topic\":\"" + topic + "\",\"value\":\"" + topic + i + "\"}"));
      }
    }
    ok(first.post("/consumers/register", "{\"topic\":\"orders\",\"consumer_id\":\"abinash\"}"));
    ok(first.post("/consume", "{\"consumer_id\":\"abinash\"}"));
    ok(first.post("/consume", "{\"consumer_id\":\"abinash\"}"));

    JsonNode joined =
        ok(
            first.post(
                "/v1/groups/billing/members",
                "{\"topics\":[\"orders\",\"audit\"],\"auto_offset_reset\":\"earliest\","
                    + "\"client_id\":\"billing-1\"}"));
    String member = joined.get("member_id").asText();
    assertThat(joined.get("assignment")).hasSize(2);
    JsonNode polled =
        ok(first.post("/v1/groups/billing/members/" + member + "/poll", "{\"timeout_ms\":0}"));
    assertThat(polled.get("records")).hasSize(2 * MESSAGES);
    ok(
        first.post(
            "/v1/groups/billing/members/" + member + "/commit",
            "{\"generation\":"
                + polled.get("generation").asInt()
                + ",\"offsets\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":6,"
                + "\"metadata\":\"through order 5\"},"
                + "{\"topic\":\"audit\",\"partition\":0,\"offset\":3}]}"));

    first.kill();

    BrokerProcess second = BrokerProcess.start(launchers, dataDir);
    JsonNode described = ok(second.get("/v1/groups/billing"));
    assertThat(described.get("state").asText()).isEqualTo("Empty");
    assertThat(described.get("members")).isEmpty();
    assertThat(described.get("offsets").toString())
        .isEqualTo(
            "[{\"topic\":\"audit\",\"partition\":0,\"committed\":3,\"metadata\":\"\","
                + "\"high_watermark\":10,\"lag\":7},"
                + "{\"topic\":\"orders\",\"partition\":0,\"committed\":6,"
                + "\"metadata\":\"through order 5\",\"high_watermark\":10,\"lag\":4}]");

    // Memberships do not survive a restart: the old member must join again.
    HttpResponse<String> stale =
        second.post("/v1/groups/billing/members/" + member + "/poll", "{\"timeout_ms\":0}");
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(404);
    assertThat(JSON.readTree(stale.body()).get("error_code").asInt()).isEqualTo(25);

    String again =
        ok(second.post("/v1/groups/billing/members", "{\"topics\":[\"orders\",\"audit\"]}"))
            .get("member_id")
            .asText();
    JsonNode resumed =
        ok(second.post("/v1/groups/billing/members/" + again + "/poll", "{\"timeout_ms\":0}"));
    Map<String, Long> firstOffset = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (JsonNode r : resumed.get("records")) {
      String topic = r.get("topic").asText();
      firstOffset.putIfAbsent(topic, r.get("offset").asLong());
      count.merge(topic, 1, Integer::sum);
      assertThat(r.get("value").asText()).isEqualTo(topic + r.get("offset").asLong());
    }
    assertThat(firstOffset).containsEntry("orders", 6L).containsEntry("audit", 3L);
    assertThat(count).containsEntry("orders", MESSAGES - 6).containsEntry("audit", MESSAGES - 3);

    JsonNode groups = ok(second.get("/v1/groups")).get("groups");
    assertThat(groups.toString())
        .contains("{\"group\":\"abinash\",\"state\":\"Empty\",\"member_count\":0")
        .contains("\"group\":\"billing\",\"state\":\"Stable\",\"member_count\":1");
    assertThat(ok(second.get("/v1/groups/abinash")).at("/offsets/0/committed").asLong())
        .isEqualTo(2);
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
