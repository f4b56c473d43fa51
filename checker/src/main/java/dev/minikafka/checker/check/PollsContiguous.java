package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer's polls never go backwards or skip. Between two {@link Action.Reposition} events of a
 * member (a rebalance, a rejoin or a seek), each record it returns from a partition is at the
 * offset after the previous one it returned from that partition. After a reposition, its first
 * record of a partition is at most where reading could rightly resume: the highest offset its group
 * may have committed for the partition (a commit that was acknowledged or whose outcome is unknown,
 * invoked before the poll completed), or the offset after the member's own last record of the
 * partition (it may have kept the partition), or the log start (0) when neither exists. Starting
 * past that point skips records no one in the group returned. Going back after a reposition is
 * allowed: at-least-once delivery reads uncommitted records again.
 *
 * <p>Each consumer's operations are recorded by its own thread, so history order is its program
 * order. The workload never seeks, and its topics keep every record, so 0 is the log start.
 */
public final class PollsContiguous implements Property {
  @Override
  public String name() {
    return "polls-contiguous";
  }

  @Override
  public String description() {
    return "between rebalances and seeks, each consumer returns a partition's records at"
        + " consecutive offsets, and after one it starts no later than the group's commit or its"
        + " own position: never backwards, never skipping";
  }

  private record Last(long offset, Op op) {}

  private record GroupPartition(String group, TopicPartition tp) {}

  @Override
  public List<Violation> check(List<Op> history) {
    Commits commits = new Commits(history);
    Map<String, Map<TopicPartition, Last>> sinceReposition = new HashMap<>();
    Map<String, Map<TopicPartition, Last>> everReturned = new HashMap<>();
    List<Violation> out = new ArrayList<>();
    for (Op op : history) {
      switch (op.action()) {
        case Action.Reposition r -> sinceReposition.remove(r.consumer());
        case Action.Poll p when op.ok() -> {
          Map<TopicPartition, Last> last =
              sinceReposition.computeIfAbsent(p.consumer(), c -> new HashMap<>());
          Map<TopicPartition, Last> own =
              everReturned.computeIfAbsent(p.consumer(), c -> new HashMap<>());
          for (Rec r : p.records()) {
            Last previous = last.put(r.tp(), new Last(r.offset(), op));
            Last ownPrevious = own.put(r.tp(), new Last(r.offset(), op));
            if (previous != null) {
              if (r.offset() != previous.offset() + 1) {
                out.add(discontinuity(p, r, previous, op));
              }
            } else {
              checkResumption(p, r, ownPrevious, commits, op, out);
            }
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private Violation discontinuity(Action.Poll p, Rec r, Last previous, Op op) {
    return new Violation(
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
        previous.op().index() == op.index() ? List.of(op) : List.of(previous.op(), op));
  }

  /** The first record of a partition since a reposition: it may not start past the resume point. */
  private void checkResumption(
      Action.Poll p, Rec r, Last ownPrevious, Commits commits, Op op, List<Violation> out) {
    Op commit = commits.highestBefore(new GroupPartition(p.group(), r.tp()), op.completedNanos());
    long committed = commit == null ? 0 : Commits.offset(commit, r.tp());
    long own = ownPrevious == null ? 0 : ownPrevious.offset() + 1;
    if (r.offset() <= Math.max(committed, own)) {
      return;
    }
    List<Op> behind = new ArrayList<>();
    if (commit != null) {
      behind.add(commit);
    }
    if (ownPrevious != null) {
      behind.add(ownPrevious.op());
    }
    behind.add(op);
    behind.sort(Comparator.comparingLong(Op::index));
    out.add(
        new Violation(
            name(),
            p.consumer()
                + " skipped on "
                + r.tp()
                + " after a rebalance: it started at offset "
                + r.offset()
                + ", but group "
                + p.group()
                + (commit == null
                    ? " had committed nothing"
                    : " had committed at most offset " + committed)
                + (ownPrevious == null
                    ? " and the member had returned none of it before"
                    : " and the member had returned up to offset " + ownPrevious.offset()),
            behind));
  }

  /**
   * Every commit of each group's partition that may have taken effect (acknowledged or unknown), in
   * invocation order, with the running highest, so that the highest one invoked before a given time
   * is one binary search away.
   */
  private static final class Commits {
    private final Map<GroupPartition, List<Op>> highestSoFar = new HashMap<>();
    private final Map<GroupPartition, long[]> invoked = new HashMap<>();

    Commits(List<Op> history) {
      Map<GroupPartition, List<Op>> byPartition = new HashMap<>();
      for (Op op : history) {
        if (op.outcome() != Outcome.FAILED && op.action() instanceof Action.Commit c) {
          for (TopicPartition tp : c.offsets().keySet()) {
            byPartition
                .computeIfAbsent(new GroupPartition(c.group(), tp), k -> new ArrayList<>())
                .add(op);
          }
        }
      }
      byPartition.forEach(
          (key, ops) -> {
            ops.sort(Comparator.comparingLong(Op::invokedNanos));
            List<Op> highest = new ArrayList<>(ops.size());
            long[] times = new long[ops.size()];
            Op best = null;
            for (int i = 0; i < ops.size(); i++) {
              Op o = ops.get(i);
              if (best == null || offset(o, key.tp()) > offset(best, key.tp())) {
                best = o;
              }
              highest.add(best);
              times[i] = o.invokedNanos();
            }
            highestSoFar.put(key, highest);
            invoked.put(key, times);
          });
    }

    /** The commit with the highest offset among those invoked before {@code nanos}, or null. */
    Op highestBefore(GroupPartition key, long nanos) {
      long[] times = invoked.get(key);
      if (times == null) {
        return null;
      }
      int lo = 0;
      int hi = times.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (times[mid] < nanos) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo == 0 ? null : highestSoFar.get(key).get(lo - 1);
    }

    static long offset(Op commit, TopicPartition tp) {
      return ((Action.Commit) commit.action()).offsets().get(tp);
    }
  }
}
