package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer's polls never go backwards or skip: between two {@link Action.Reposition} events of a
 * member (a rebalance, a rejoin or a seek), each record it returns from a partition is at the
 * offset after the previous one it returned from that partition. Each consumer's operations are
 * recorded by its own thread, so history order is its program order.
 */
public final class PollsContiguous implements Property {
  @Override
  public String name() {
    return "polls-contiguous";
  }

  @Override
  public String description() {
    return "between rebalances and seeks, each consumer returns a partition's records at"
        + " consecutive offsets: never backwards, never skipping";
  }

  private record Last(long offset, Op op) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Map<String, Map<TopicPartition, Last>> byConsumer = new HashMap<>();
    List<Violation> out = new ArrayList<>();
    for (Op op : history) {
      switch (op.action()) {
        case Action.Reposition r -> byConsumer.remove(r.consumer());
        case Action.Poll p when op.ok() -> {
          Map<TopicPartition, Last> last =
              byConsumer.computeIfAbsent(p.consumer(), c -> new HashMap<>());
          for (Rec r : p.records()) {
            Last previous = last.put(r.tp(), new Last(r.offset(), op));
            if (previous != null && r.offset() != previous.offset() + 1) {
              out.add(
                  new Violation(
                      name(),
                      p.consumer()
                          + (r.offset() <= previous.offset() ? " went back" : " skipped")
                          + " on "
                          + r.tp()
                          + " from offset "
                          + previous.offset()
                          + " to "
                          + r.offset()
                          + " without a rebalance or seek",
                      previous.op().index() == op.index()
                          ? List.of(op)
                          : List.of(previous.op(), op)));
            }
          }
        }
        default -> {}
      }
    }
    return out;
  }
}
