package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds hand-made histories for the property tests: each operation takes one tick of a fake clock
 * (invoked at t, completed at t + 1) unless a test gives the times.
 */
final class Histories {
  static final TopicPartition A0 = new TopicPartition("a", 0);
  static final TopicPartition A1 = new TopicPartition("a", 1);

  private final List<Op> ops = new ArrayList<>();
  private long clock;

  Histories op(String client, Outcome outcome, Action action) {
    long invoked = clock;
    clock += 2;
    ops.add(
        new Op(
            ops.size(),
            client,
            invoked,
            invoked + 1,
            outcome,
            action,
            outcome == Outcome.OK ? null : "error"));
    return this;
  }

  Histories op(String client, long invoked, long completed, Action action) {
    ops.add(new Op(ops.size(), client, invoked, completed, Outcome.OK, action, null));
    return this;
  }

  Histories ack(String producer, long seq, TopicPartition tp, String value, long offset) {
    return op(producer, Outcome.OK, new Action.Send(producer, seq, tp, value, offset));
  }

  Histories send(String producer, long seq, TopicPartition tp, String value, Outcome outcome) {
    return op(producer, outcome, new Action.Send(producer, seq, tp, value, -1));
  }

  Histories poll(String consumer, Rec... records) {
    return op(consumer, Outcome.OK, new Action.Poll(consumer, "g", List.of(records)));
  }

  Histories reposition(String consumer) {
    return op(consumer, Outcome.OK, new Action.Reposition(consumer, "g", "assigned [a-0]"));
  }

  Histories commit(String consumer, TopicPartition tp, long offset) {
    return op(consumer, Outcome.OK, new Action.Commit(consumer, "g", Map.of(tp, offset)));
  }

  Histories drain(TopicPartition tp, Rec... records) {
    return op(
        Action.Read.FINAL_DRAIN,
        Outcome.OK,
        new Action.Read(Action.Read.FINAL_DRAIN, tp, List.of(records)));
  }

  static Rec rec(TopicPartition tp, long offset, String value) {
    return new Rec(tp, offset, value);
  }

  List<Op> build() {
    return List.copyOf(ops);
  }
}
