package dev.minikafka.cli;

import static dev.minikafka.cli.ClassroomGuideIT.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/broker} itself: configuration by environment, clean shutdown, start-up errors. */
@Timeout(120)
class BrokerLauncherIT {
  @TempDir Path dataDir;
  @TempDir Path otherDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  @Test
  void configuredByEnvironmentAndStopsCleanlyOnSigterm() throws Exception {
    BrokerProcess broker = BrokerProcess.startFromEnvironment(launchers, dataDir);
    Launched p = broker.launched();
    assertThat(p.out())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("listening on " + broker.url())
                    .contains("Swagger UI: " + broker.url() + "/docs")
                    .contains("data: " + dataDir.toRealPath())
                    .contains("flush: interval:50"));
    assertThat(broker.post("/topics/register", "{\"topic\":\"kept\"}").statusCode()).isEqualTo(200);

    // A second broker cannot share the port, nor the data directory: one line each, exit 1.
    Launchers.Result samePort =
        launchers.run(
            "broker", "--port", Integer.toString(broker.port()), "--data-dir", otherDir.toString());
    assertThat(samePort.exitCode()).as("%s", samePort).isEqualTo(1);
    assertThat(samePort.err())
        .as("%s", samePort)
        .containsExactly(
            "minikafka: cannot listen on 127.0.0.1:" + broker.port() + ": Address already in use");
    Launchers.Result sameDir =
        launchers.run(
            "broker",
            "--port",
            Integer.toString(Launchers.freePort()),
            "--data-dir",
            dataDir.toString());
    assertThat(sameDir.exitCode()).as("%s", sameDir).isEqualTo(1);
    assertThat(sameDir.err()).as("%s", sameDir).hasSize(1);
    assertThat(sameDir.stderr()).startsWith("minikafka: ").contains("in use by another process");

    p.signal("TERM");
    int code = p.awaitExit(Duration.ofSeconds(30));
    assertThat(code).as("%s", p).isEqualTo(143);
    assertNoStackTrace(p.err());
    assertThat(p.err()).contains("minikafka: stopped; data directory closed cleanly");
    assertThat(dataDir.resolve(".clean-shutdown")).exists();

    // The topic survived the restart.
    BrokerProcess again = BrokerProcess.start(launchers, dataDir);
    assertThat(again.get("/stats").body()).contains("\"kept\"");
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    Launchers.Result flush = launchers.run("broker", "--flush", "sometimes");
    assertThat(flush.exitCode()).as("%s", flush).isEqualTo(2);
    assertThat(flush.stderr())
        .contains("--flush")
        .contains("always, interval, interval:<ms> or never");

    Launchers.Result port = launchers.run("broker", "--port", "99999");
    assertThat(port.exitCode()).as("%s", port).isEqualTo(2);

    Launched badEnv = launchers.start("broker", List.of(), Map.of("MINIKAFKA_PORT", "eighty"));
    assertThat(badEnv.awaitExit(Duration.ofSeconds(60))).as("%s", badEnv).isEqualTo(2);
    assertThat(String.join("\n", badEnv.err())).contains("'eighty' is not an int");
  }
}
