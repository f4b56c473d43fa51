package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** No acknowledged write is lost: the final drain holds each at its acknowledged offset. */
public final class AcknowledgedWritesKept implements Property {
  @Override
  public String name() {
    return "acknowledged-writes-kept";
  }

  @Override
  public String description() {
    return "every acknowledged write is in the final read of its partition, at the offset its"
        + " acknowledgement named, with its value";
  }

  @Override
  public List<Violation> check(List<Op> history) {
    Map<TopicPartition, Op> drainOf = new HashMap<>();
    Map<TopicPartition, Map<Long, String>> stored = new HashMap<>();
    for (Op op : Ops.drain(history)) {
      Action.Read read = (Action.Read) op.action();
      drainOf.put(read.tp(), op);
      Map<Long, String> values = stored.computeIfAbsent(read.tp(), tp -> new HashMap<>());
      for (Rec r : read.records()) {
        values.put(r.offset(), r.value());
      }
    }
    List<Violation> out = new ArrayList<>();
    for (Op op : Ops.sends(history, Outcome.OK)) {
      Action.Send send = (Action.Send) op.action();
      Op drain = drainOf.get(send.tp());
      if (drain == null) {
        out.add(new Violation(name(), send.tp() + " was never read at the end", List.of(op)));
        continue;
      }
      String found = stored.get(send.tp()).get(send.offset());
      if (!send.value().equals(found)) {
        out.add(
            new Violation(
                name(),
                "acknowledged "
                    + send.value()
                    + " at "
                    + send.tp()
                    + "@"
                    + send.offset()
                    + " is lost: the final read has "
                    + (found == null ? "no record" : found)
                    + " there",
                List.of(op, drain)));
      }
    }
    return out;
  }
}
