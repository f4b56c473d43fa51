package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Rec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No write is stored twice. Every value is written by exactly one request of one client: the raw
 * HTTP clients never retry, and the SDK's producer retries idempotently. So a value seen at two
 * positions is a duplicate the broker made.
 */
public final class NoDuplicates implements Property {
  @Override
  public String name() {
    return "no-duplicates";
  }

  @Override
  public String description() {
    return "no value is ever seen at two different (partition, offset) positions (the SDK"
        + " producer is idempotent and the raw clients never retry)";
  }

  private record Seen(Rec rec, Op op) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Map<String, Seen> first = new HashMap<>();
    Set<String> reported = new HashSet<>();
    List<Violation> out = new ArrayList<>();
    Ops.observations(
        history,
        (Rec r, Op op) -> {
          Seen earlier = first.putIfAbsent(r.value(), new Seen(r, op));
          if (earlier != null
              && (!earlier.rec().tp().equals(r.tp()) || earlier.rec().offset() != r.offset())
              && reported.add(r.value())) {
            out.add(
                new Violation(
                    name(),
                    r.value() + " is stored twice: at " + earlier.rec() + " and at " + r,
                    List.of(earlier.op(), op)));
          }
        });
    return out;
  }
}
