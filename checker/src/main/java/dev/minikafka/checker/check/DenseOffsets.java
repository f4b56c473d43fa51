package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Rec;
import java.util.ArrayList;
import java.util.List;

/**
 * Offsets are dense: the final read of a partition returns consecutive offsets from the log start
 * (no retention runs during a check, so the log starts at 0).
 */
public final class DenseOffsets implements Property {
  @Override
  public String name() {
    return "dense-offsets";
  }

  @Override
  public String description() {
    return "the final read of every partition returns offsets 0, 1, 2, ... without a gap";
  }

  @Override
  public List<Violation> check(List<Op> history) {
    List<Violation> out = new ArrayList<>();
    for (Op op : Ops.drain(history)) {
      Action.Read read = (Action.Read) op.action();
      long expected = 0;
      for (Rec r : read.records()) {
        if (r.offset() != expected) {
          out.add(
              new Violation(
                  name(),
                  read.tp() + " holds offset " + r.offset() + " where " + expected + " belongs",
                  List.of(op)));
          break;
        }
        expected++;
      }
    }
    return out;
  }
}
