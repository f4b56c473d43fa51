package dev.minikafka.checker.workload;

import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.errors.MiniKafkaException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a client's exception maps to an outcome. */
final class Outcomes {
  private Outcomes() {}

  /**
   * A refusal of the broker (the SDK raises the typed errors of {@code dev.minikafka.core.errors}
   * only for an answer it got) is {@link Outcome#FAILED}; anything else (timeouts, an unreachable
   * broker, a closed client, an answer it could not read) is {@link Outcome#UNKNOWN}.
   */
  static Outcome of(Throwable error) {
    Throwable e = unwrap(error);
    return e instanceof MiniKafkaException ? Outcome.FAILED : Outcome.UNKNOWN;
  }

  /**
   * A raw request that got no answer: {@link Outcome#FAILED} when the connection was refused (the
   * request never left the client), else {@link Outcome#UNKNOWN}.
   */
  static Outcome ofRequest(IOException error) {
    return error instanceof ConnectException ? Outcome.FAILED : Outcome.UNKNOWN;
  }

  /** A one-line description of an error. */
  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
