package dev.minikafka.checker.history;

/** How an operation ended, as far as its client can tell. */
public enum Outcome {
  /** The broker answered that it was done. */
  OK,
  /**
   * The broker answered that it did not do it (a refusal, an error status): a definite answer, so a
   * write that failed must never appear.
   */
  FAILED,
  /**
   * No answer (timeout, connection reset, broker killed, client killed mid-request): it may or may
   * not have happened.
   */
  UNKNOWN
}
