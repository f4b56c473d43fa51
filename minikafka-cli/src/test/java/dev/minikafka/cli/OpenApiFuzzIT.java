package dev.minikafka.cli;

import dev.minikafka.http.HostileClient;
import dev.minikafka.http.HostileClient.Reply;
import dev.minikafka.http.OpenApiContract;
import dev.minikafka.http.OpenApiContract.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI-driven fuzzing of minikafka-http's {@code OpenApiFuzzTest}, against {@code
 * bin/broker} as a separate process: the spec is read as the process serves it, requests are
 * generated from its schemas, and every answer must be a status the operation lists with a body
 * that matches its schema, never a 5xx.
 */
@Timeout(300)
class OpenApiFuzzIT {
  private static final int REQUESTS = 600;

  @TempDir Path dataDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  @Test
  void generatedRequestsGetAnswersTheSpecLists() throws Exception {
    BrokerProcess broker = BrokerProcess.start(launchers, dataDir);
    HostileClient client = new HostileClient(broker.port(), dataDir);
    client.setUp();
    OpenApiContract contract =
        OpenApiContract.parse(
            HostileClient.ok(client.send("GET", "/openapi.json", null), 200).toString());
    var hostile = Arbitraries.of(dev.minikafka.http.HostileInput.names()).map(n -> n.raw());
    var paths =
        java.util.Map.of(
            "topic",
            Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("demo")), Tuple.of(1, hostile)),
            "partition",
            Arbitraries.of("0", "1", "2", "-1"),
            "group",
            Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("g")), Tuple.of(1, hostile)),
            "member",
            Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.create(client::member)),
                Tuple.of(1, Arbitraries.just("nope"))));
    List<Request> requests = contract.requests(paths).sampleStream().limit(REQUESTS).toList();
    for (Request r : requests) {
      client.ensureFixture();
      boolean json = r.bodyType() == null || r.bodyType().contains("json");
      Reply reply =
          client.send(
              r.method(),
              r.path(),
              r.bodyType() == null ? "application/json" : r.bodyType(),
              r.body() == null
                  ? null
                  : r.body().getBytes(json ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
      try {
        contract.check(r.op(), reply.status(), reply.body());
      } catch (AssertionError e) {
        throw new AssertionError(r + ": " + e.getMessage(), e);
      }
    }
  }
}
