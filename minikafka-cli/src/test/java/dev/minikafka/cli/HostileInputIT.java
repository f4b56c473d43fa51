package dev.minikafka.cli;

import dev.minikafka.http.HostileCases;
import dev.minikafka.http.HostileCases.Case;
import dev.minikafka.http.HostileClient;
import dev.minikafka.http.HostileInput.Body;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A share of the hostile-input table ({@link HostileCases}; the whole table runs in process in the
 * HTTP module) against {@code bin/broker} as a separate process: every fifth case, and every body
 * streamed without a length (1 GB among them). Each gets its status and error code, the broker
 * keeps answering {@code /health}, and its data directory holds byte for byte what it held before.
 */
@Timeout(300)
class HostileInputIT {
  private static final Launchers LAUNCHERS = new Launchers();
  @TempDir static Path dataDir;
  private static HostileClient client;

  @BeforeAll
  static void start() throws Exception {
    BrokerProcess broker = BrokerProcess.start(LAUNCHERS, dataDir);
    client = new HostileClient(broker.port(), dataDir);
    client.setUp();
  }

  @AfterAll
  static void stop() throws Exception {
    LAUNCHERS.close();
  }

  static Stream<Case> cases() {
    List<Case> all = HostileCases.cases().toList();
    return IntStream.range(0, all.size())
        .filter(i -> i % 5 == 0 || all.get(i).body() instanceof Body.Streamed)
        .mapToObj(all::get);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAsDocumentedAndChangesNothing(Case c) throws Exception {
    client.check(c);
  }
}
