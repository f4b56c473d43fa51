package dev.minikafka.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.checker.check.Violation;
import dev.minikafka.checker.history.Action;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the checker against the built broker: the quick configuration under {@code bin/test}, the
 * long one when Maven runs with {@code -Pchecker-long} (CI). Fails on any violation; the report is
 * written to {@code target/reliability-<config>.md} either way.
 */
class CheckerIT {
  @Test
  void nothingAcknowledgedIsLostUnderFaults() throws Exception {
    String name = System.getProperty("checker.config", "quick");
    long seed = Long.parseLong(System.getProperty("checker.seed", "1"));
    Path work = Path.of(System.getProperty("checker.work", "target/checker"));
    CheckerRun.Result result = Main.run(CheckerConfig.named(name, seed), work);
    Path report = work.resolveSibling("reliability-" + name + ".md");
    Report.write(result, report);

    assertThat(result.violations())
        .as("violations; see %s", report.toAbsolutePath())
        .extracting(Violation::message)
        .isEmpty();
    assertThat(result.caughtUp()).as("the group consumed everything; see %s", report).isTrue();
    Set<String> injected =
        result.history().ops().stream()
            .filter(op -> op.action() instanceof Action.Fault)
            .map(op -> ((Action.Fault) op.action()).kind())
            .collect(Collectors.toSet());
    assertThat(injected)
        .as("every kind of fault ran")
        .contains(
            "kill",
            "pause",
            "fsync-failure",
            "write-failure",
            "tail-damage",
            "client-kill",
            "consumer-stall");
    assertThat(
            result.history().ops().stream()
                .filter(op -> op.ok() && op.action() instanceof Action.Send))
        .as("acknowledged writes")
        .hasSizeGreaterThan(500);
  }
}
