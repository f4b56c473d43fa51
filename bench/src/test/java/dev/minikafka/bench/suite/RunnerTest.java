package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run over a broker in memory: what it hands to its checkpoint as it goes. */
class RunnerTest {
  @TempDir Path dir;

  private Runner runner(Plan plan, Progress progress, Runner.Checkpoint checkpoint) {
    Systems systems =
        new Systems(Map.of("memory", (d, p) -> new InMemorySystem(Duration.ofMillis(1), false)));
    return new Runner(
        plan, systems, List.of("memory"), EnumSet.of(Workload.PRODUCE), dir, progress, checkpoint);
  }

  private Progress quietProgress() {
    return Progress.start(
        false, 100, dir.resolve("run.log"), new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void everyStepSavesTheFiguresSoFarAndTheLastSaveHoldsThemAll() throws Exception {
    Plan plan = Plan.quick(1, List.of(Durability.STRICT));
    List<Integer> saved = new ArrayList<>();
    Runner run;
    try (Progress progress = quietProgress()) {
      run = runner(plan, progress, soFar -> saved.add(soFar.samples().size()));
      run.run();
    }
    // Start, warm-up, then one step per client count.
    assertThat(saved).hasSize(2 + plan.clients().size());
    assertThat(saved).isSorted();
    assertThat(saved.getFirst()).isZero();
    assertThat(saved.getLast()).isEqualTo(run.samples().size()).isPositive();
  }

  @Test
  void aCheckpointThatCannotSaveDoesNotStopTheRun() throws Exception {
    Plan plan = Plan.quick(1, List.of(Durability.STRICT));
    Runner run;
    try (Progress progress = quietProgress()) {
      run =
          runner(
              plan,
              progress,
              soFar -> {
                throw new IOException("disk full");
              });
      run.run();
    }
    assertThat(run.samples()).isNotEmpty();
    assertThat(dir.resolve("run.log")).content().contains("could not save the figures so far");
  }
}
