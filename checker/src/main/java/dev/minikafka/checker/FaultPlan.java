package dev.minikafka.checker;

import dev.minikafka.checker.faults.FaultKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When each fault of a run happens, drawn from the run's seed: faults spread evenly over the run
 * (with jitter), leaving its first and last tenth quiet. At most as many faults as the config says;
 * when there are at least as many as kinds, every kind comes at least once.
 *
 * @param faults the faults, in order
 */
public record FaultPlan(List<Planned> faults) {
  /**
   * One fault and when it starts.
   *
   * @param at since the workload started
   * @param kind what it is
   */
  public record Planned(Duration at, FaultKind kind) {}

  /** Copies the list. */
  public FaultPlan {
    faults = List.copyOf(faults);
  }

  /** The plan of {@code config}, from {@code random}. */
  public static FaultPlan of(CheckerConfig config, Random random) {
    List<FaultKind> kinds = new ArrayList<>();
    List<FaultKind> all = Arrays.asList(FaultKind.values());
    while (kinds.size() < config.faults()) {
      if (kinds.size() + all.size() <= config.faults() || kinds.isEmpty()) {
        kinds.addAll(all);
      } else {
        kinds.add(all.get(random.nextInt(all.size())));
      }
    }
    Collections.shuffle(kinds, random);
    List<FaultKind> chosen = kinds.subList(0, config.faults());
    long total = config.duration().toMillis();
    long start = total / 10;
    long span = total - 2 * start;
    long step = span / chosen.size();
    List<Planned> out = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      long at = start + i * step + (long) (random.nextDouble() * step / 2);
      out.add(new Planned(Duration.ofMillis(at), chosen.get(i)));
    }
    return new FaultPlan(out);
  }
}
