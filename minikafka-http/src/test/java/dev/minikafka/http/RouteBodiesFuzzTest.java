package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coverage-guided fuzzing of the routes that decode request bodies, through a real server in this
 * JVM: arbitrary bytes as the body of every body-reading route (the binary batch route's decoder
 * among them) are answered with a 2xx or a documented 4xx and a JSON error body; never a 5xx.
 *
 * <p>Regression mode in {@code bin/test}: the inputs under {@code
 * src/test/resources/.../RouteBodiesFuzzTestInputs/} plus an empty one. To fuzz, see {@code
 * docs/hostile-input.md}.
 */
class RouteBodiesFuzzTest {
  @RegisterExtension static final TestServer server = TestServer.perClass();

  /** The routes that read a body: method, path, content type. */
  private static final List<String[]> ROUTES =
      List.of(
          new String[] {"POST", "/v1/topics/demo/records", "application/json"},
          new String[] {"POST", "/v1/topics/demo/partitions/0/batches", HostileInput.BATCH_TYPE},
          new String[] {"POST", "/v1/topics", "application/json"},
          new String[] {"PATCH", "/v1/topics/demo/configs", "application/json"},
          new String[] {"POST", "/v1/groups/fuzz/members", "application/json"},
          new String[] {"POST", "/v1/groups/fuzz/offsets/reset", "application/json"},
          new String[] {"POST", "/produce", "application/json"},
          new String[] {"POST", "/topics/register", "application/json"},
          new String[] {"POST", "/consume", "application/json"});

  @BeforeAll
  static void topic() throws Exception {
    assertThat(server.post("/v1/topics", "{\"name\":\"demo\",\"partitions\":2}").statusCode())
        .isEqualTo(201);
    assertThat(
            server
                .post("/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"c\"}")
                .statusCode())
        .isEqualTo(200);
  }

  @FuzzTest(maxDuration = "2m")
  void anyBodyGetsAnAnswerAndNeverA5xx(FuzzedDataProvider data) throws Exception {
    String[] route = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<String> r =
        TestServer.sendAs(
            HttpRequest.newBuilder(server.uri(route[1]))
                .method(route[0], HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", route[2]));
    assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    if (r.statusCode() >= 400) {
      JsonNode error = TestServer.json(r);
      assertThat(error.get("error_code").isInt()).as(r.body()).isTrue();
      assertThat(error.get("message").asText()).as(r.body()).isNotBlank();
    }
  }
}
