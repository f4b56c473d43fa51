package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Views of a history shared by the properties. */
final class Ops {
  /** The client name of the final drain, whose reads are the partitions' final contents. */
  static final String DRAIN = Action.Read.FINAL_DRAIN;

  private Ops() {}

  /** Every write with {@code outcome}. */
  static List<Op> sends(List<Op> history, Outcome outcome) {
    List<Op> out = new ArrayList<>();
    for (Op op : history) {
      if (op.outcome() == outcome && op.action() instanceof Action.Send) {
        out.add(op);
      }
    }
    return out;
  }

  /**
   * Calls {@code sink} with every record a client saw stored: acknowledged writes, records returned
   * by successful polls and reads.
   */
  static void observations(List<Op> history, BiConsumer<Rec, Op> sink) {
    for (Op op : history) {
      if (!op.ok()) {
        continue;
      }
      switch (op.action()) {
        case Action.Send s -> sink.accept(new Rec(s.tp(), s.offset(), s.value()), op);
        case Action.Poll p -> p.records().forEach(r -> sink.accept(r, op));
        case Action.Read r -> r.records().forEach(rec -> sink.accept(rec, op));
        default -> {}
      }
    }
  }

  /** Calls {@code sink} with every record a successful poll or read returned. */
  static void reads(List<Op> history, BiConsumer<Rec, Op> sink) {
    observations(
        history,
        (rec, op) -> {
          if (!(op.action() instanceof Action.Send)) {
            sink.accept(rec, op);
          }
        });
  }

  /** The successful reads of the final drain. */
  static List<Op> drain(List<Op> history) {
    List<Op> out = new ArrayList<>();
    for (Op op : history) {
      if (op.ok() && op.action() instanceof Action.Read r && r.reader().equals(DRAIN)) {
        out.add(op);
      }
    }
    return out;
  }
}
