package dev.minikafka.checker.history;

import java.util.Objects;

/**
 * One operation of the history.
 *
 * @param index its place in the history (the order in which operations completed)
 * @param client the client that ran it
 * @param invokedNanos when it was invoked, on the history's clock
 * @param completedNanos when it completed (its outcome became known or was given up on)
 * @param outcome how it ended
 * @param action what it did
 * @param error the error for {@link Outcome#FAILED} and {@link Outcome#UNKNOWN}, else null
 */
public record Op(
    long index,
    String client,
    long invokedNanos,
    long completedNanos,
    Outcome outcome,
    Action action,
    String error) {

  /** Checks that every part is present and the times are in order. */
  public Op {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(action, "action");
    if (completedNanos < invokedNanos) {
      throw new IllegalArgumentException("completed before invoked: " + action);
    }
  }

  /** Whether the operation completed before {@code other} was invoked (real-time order). */
  public boolean precedes(Op other) {
    return completedNanos < other.invokedNanos;
  }

  /** Whether it ended {@link Outcome#OK}. */
  public boolean ok() {
    return outcome == Outcome.OK;
  }

  @Override
  public String toString() {
    return "#"
        + index
        + " "
        + client
        + " ["
        + String.format("%.3f-%.3fs", invokedNanos / 1e9, completedNanos / 1e9)
        + "] "
        + outcome
        + " "
        + action
        + (error == null ? "" : " (" + error + ")");
  }
}
