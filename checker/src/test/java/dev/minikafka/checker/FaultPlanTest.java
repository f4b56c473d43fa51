package dev.minikafka.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.checker.faults.FaultKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  @Test
  void theQuickPlanHasEveryKindOnceInsideTheRun() {
    CheckerConfig config = CheckerConfig.quick(7);
    FaultPlan plan = FaultPlan.of(config, new Random(7));
    assertThat(plan.faults())
        .extracting(FaultPlan.Planned::kind)
        .containsExactlyInAnyOrder(FaultKind.values());
    assertThat(plan.faults())
        .allSatisfy(f -> assertThat(f.at()).isPositive().isLessThan(config.duration()));
  }

  @Test
  void theSameSeedDrawsTheSamePlan() {
    CheckerConfig config = CheckerConfig.longRun(3);
    assertThat(FaultPlan.of(config, new Random(3))).isEqualTo(FaultPlan.of(config, new Random(3)));
    assertThat(FaultPlan.of(config, new Random(3)).faults()).hasSize(config.faults());
  }
}
