package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergedRunsTest {
  private static final List<String> SYSTEMS = List.of("minikafka", "kafka");

  /** A full run of {@code profile}: one figure per system and workload. */
  private static ResultsFile.Contents run(
      Durability profile, String commit, Map<String, Object> settingsOverride) {
    List<Sample> samples = new ArrayList<>();
    for (Workload w : Workload.values()) {
      for (String system : SYSTEMS) {
        samples.add(
            new Sample(w.id(), profile.id(), "100 B", Metric.RECORDS_PER_S, system, 1, 1000));
      }
    }
    Map<String, Object> settings = new LinkedHashMap<>(Plan.full(3, List.of(profile)).describe());
    settings.putAll(settingsOverride);
    return new ResultsFile.Contents(
        "2026-11-24T23:00:00Z",
        3600,
        settings,
        Map.of("cpu", "2 cores", "minikafka commit", commit),
        List.of(new SystemInfo("kafka", profile.id(), "4.1.1", "flush " + profile.id(), 9)),
        List.of("note of " + profile.id(), "shared note"),
        List.of(),
        samples);
  }

  @Test
  void runsOfTheTwoProfilesMakeOneReport() {
    ResultsFile.Contents strict = run(Durability.STRICT, "abc1234", Map.of());
    ResultsFile.Contents relaxed = run(Durability.RELAXED, "def5678", Map.of());
    MergedRuns merged = MergedRuns.of(List.of(strict, relaxed), SYSTEMS);

    assertThat(merged.samples()).hasSize(strict.samples().size() + relaxed.samples().size());
    assertThat(Row.of(merged.samples()))
        .extracting(r -> r.key().durability())
        .containsOnly("strict", "relaxed");
    assertThat(merged.systems())
        .extracting(SystemInfo::durability)
        .containsExactly("strict", "relaxed");
    assertThat(merged.notes()).containsExactly("note of strict", "shared note", "note of relaxed");
    assertThat(merged.settings().get(Plan.PROFILES_SETTING))
        .isEqualTo(List.of("strict", "relaxed"));
    assertThat(merged.settings().get("mode")).isEqualTo("full");
    assertThat(merged.machine())
        .containsEntry("cpu", "2 cores")
        .containsEntry("minikafka commit", "abc1234 (strict); def5678 (relaxed)");
  }

  @Test
  void aQuickOrPartialRunOrTheSameProfileTwiceIsRefused() {
    ResultsFile.Contents strict = run(Durability.STRICT, "abc1234", Map.of());
    assertThatThrownBy(() -> MergedRuns.of(List.of(strict, strict), SYSTEMS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two runs measured the strict profile");
    ResultsFile.Contents quick = run(Durability.RELAXED, "x", Map.of("mode", "quick"));
    assertThatThrownBy(() -> MergedRuns.of(List.of(strict, quick), SYSTEMS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was not a full run");
    assertThatThrownBy(() -> MergedRuns.of(List.of(strict), List.of("minikafka", "nats")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did not measure nats");
    assertThatThrownBy(() -> MergedRuns.of(List.of(), SYSTEMS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
