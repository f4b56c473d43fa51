package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A producer's acknowledged writes to a partition get increasing offsets in the order it issued
 * them (the SDK's producer stores a partition's records in send order; the raw clients send one
 * request at a time).
 */
public final class ProducerOffsetsIncrease implements Property {
  @Override
  public String name() {
    return "producer-offsets-increase";
  }

  @Override
  public String description() {
    return "each producer's acknowledged writes to a partition have offsets that increase in the"
        + " order it issued them";
  }

  private record Stream(String producer, TopicPartition tp) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Map<Stream, List<Op>> streams = new LinkedHashMap<>();
    for (Op op : Ops.sends(history, Outcome.OK)) {
      Action.Send s = (Action.Send) op.action();
      streams.computeIfAbsent(new Stream(s.producer(), s.tp()), k -> new ArrayList<>()).add(op);
    }
    List<Violation> out = new ArrayList<>();
    for (List<Op> ops : streams.values()) {
      ops.sort(Comparator.comparingLong(op -> ((Action.Send) op.action()).seq()));
      for (int i = 1; i < ops.size(); i++) {
        Action.Send before = (Action.Send) ops.get(i - 1).action();
        Action.Send after = (Action.Send) ops.get(i).action();
        if (after.offset() <= before.offset()) {
          out.add(
              new Violation(
                  name(),
                  before.producer()
                      + " wrote "
                      + before.value()
                      + " before "
                      + after.value()
                      + " to "
                      + after.tp()
                      + " but got offsets "
                      + before.offset()
                      + " and "
                      + after.offset(),
                  List.of(ops.get(i - 1), ops.get(i))));
        }
      }
    }
    return out;
  }
}
