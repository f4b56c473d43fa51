package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Committed offsets never move backwards: a successful commit, or a description of the group's
 * committed offsets, that began after another successful commit (or description) had completed
 * names an offset at least as high, across rebalances and restarts. (The workload never seeks back
 * or resets, the only ways to move a group's offset back on purpose.)
 */
public final class CommitsNeverBackwards implements Property {
  @Override
  public String name() {
    return "commits-never-backwards";
  }

  @Override
  public String description() {
    return "a group's committed offset of a partition, as commits and descriptions show it, never"
        + " falls below one that was shown before";
  }

  private record Key(String group, TopicPartition tp) {}

  private record Mark(long offset, Op op) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Map<Key, List<Mark>> marks = new LinkedHashMap<>();
    for (Op op : history) {
      if (!op.ok()) {
        continue;
      }
      String group;
      Map<TopicPartition, Long> offsets;
      switch (op.action()) {
        case Action.Commit c -> {
          group = c.group();
          offsets = c.offsets();
        }
        case Action.Committed c -> {
          group = c.group();
          offsets = c.offsets();
        }
        default -> {
          continue;
        }
      }
      offsets.forEach(
          (tp, offset) ->
              marks
                  .computeIfAbsent(new Key(group, tp), k -> new ArrayList<>())
                  .add(new Mark(offset, op)));
    }
    List<Violation> out = new ArrayList<>();
    marks.forEach((key, list) -> check(key, list, out));
    return out;
  }

  /** Sweeps the marks in invocation order, keeping the highest offset completed before each. */
  private void check(Key key, List<Mark> list, List<Violation> out) {
    List<Mark> byCompletion = new ArrayList<>(list);
    byCompletion.sort(Comparator.comparingLong(m -> m.op().completedNanos()));
    List<Mark> byInvocation = new ArrayList<>(list);
    byInvocation.sort(Comparator.comparingLong(m -> m.op().invokedNanos()));
    Mark highest = null;
    int done = 0;
    for (Mark m : byInvocation) {
      while (done < byCompletion.size()
          && byCompletion.get(done).op().completedNanos() < m.op().invokedNanos()) {
        Mark c = byCompletion.get(done++);
        if (highest == null || c.offset() > highest.offset()) {
          highest = c;
        }
      }
      if (highest != null && m.offset() < highest.offset()) {
        out.add(
            new Violation(
                name(),
                "group "
                    + key.group()
                    + " on "
                    + key.tp()
                    + ": committed offset "
                    + highest.offset()
                    + ", then "
                    + m.offset(),
                List.of(highest.op(), m.op())));
      }
    }
  }
}
