package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One (partition, offset) never shows two values, whoever looked and whenever (before or after
 * restarts): acknowledgements, polls and reads all agree.
 */
public final class OneValuePerOffset implements Property {
  @Override
  public String name() {
    return "one-value-per-offset";
  }

  @Override
  public String description() {
    return "every acknowledgement, poll and read that names a (partition, offset) names the same"
        + " value there";
  }

  private record Position(TopicPartition tp, long offset) {}

  private record Seen(String value, Op op) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Map<Position, Seen> first = new HashMap<>();
    Set<String> reported = new HashSet<>();
    List<Violation> out = new ArrayList<>();
    Ops.observations(
        history,
        (Rec r, Op op) -> {
          Position at = new Position(r.tp(), r.offset());
          Seen earlier = first.putIfAbsent(at, new Seen(r.value(), op));
          if (earlier != null
              && !earlier.value().equals(r.value())
              && reported.add(at + "=" + r.value())) {
            out.add(
                new Violation(
                    name(),
                    r.tp()
                        + "@"
                        + r.offset()
                        + " showed "
                        + earlier.value()
                        + " and later "
                        + r.value(),
                    List.of(earlier.op(), op)));
          }
        });
    return out;
  }
}
