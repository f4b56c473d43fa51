package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A write that definitely failed (the broker refused it) never appears later. */
public final class FailedWritesAbsent implements Property {
  @Override
  public String name() {
    return "failed-writes-absent";
  }

  @Override
  public String description() {
    return "no poll or read ever returns a write whose request the broker definitely refused";
  }

  @Override
  public List<Violation> check(List<Op> history) {
    Map<String, Op> failed = new HashMap<>();
    for (Op op : Ops.sends(history, Outcome.FAILED)) {
      failed.put(((Action.Send) op.action()).value(), op);
    }
    Set<String> reported = new HashSet<>();
    List<Violation> out = new ArrayList<>();
    Ops.reads(
        history,
        (Rec r, Op op) -> {
          Op send = failed.get(r.value());
          if (send != null && reported.add(r.value())) {
            out.add(
                new Violation(
                    name(),
                    r.value() + " was refused (" + send.error() + ") but is stored at " + r,
                    List.of(send, op)));
          }
        });
    return out;
  }
}
