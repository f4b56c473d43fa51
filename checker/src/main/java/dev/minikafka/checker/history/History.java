package dev.minikafka.checker.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations of one run, in the order they completed. Clients take the time before they invoke
 * an operation ({@link #now()}) and {@link #record} it once its outcome is known, so every
 * operation carries the interval during which it may have taken effect. Thread-safe.
 */
public final class History {
  private final long origin;
  private final List<Op> ops = new ArrayList<>();

  /** A history whose clock starts now. */
  public History() {
    this.origin = System.nanoTime();
  }

  /** Nanoseconds since the history began. */
  public long now() {
    return System.nanoTime() - origin;
  }

  /** Appends an operation that was invoked at {@code invokedNanos} and completes now. */
  public Op record(String client, long invokedNanos, Outcome outcome, Action action, String error) {
    synchronized (ops) {
      Op op = new Op(ops.size(), client, invokedNanos, now(), outcome, action, error);
      ops.add(op);
      return op;
    }
  }

  /** Appends an instantaneous, successful operation (an event such as a fault or a rebalance). */
  public Op event(String client, Action action) {
    long at = now();
    return record(client, at, Outcome.OK, action, null);
  }

  /** The operations so far, in completion order. */
  public List<Op> ops() {
    synchronized (ops) {
      return List.copyOf(ops);
    }
  }
}
