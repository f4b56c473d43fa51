package dev.minikafka.client;

/**
 * A failure on the client's side of the connection: the broker could not be reached, did not answer
 * in time, answered something that is not the {@code /v1} API, or the client was closed. Errors the
 * broker reports come as the typed exceptions of {@code dev.minikafka.core.errors} instead (a
 * {@link dev.minikafka.core.errors.MiniKafkaException}), so a caller can tell "the broker said no"
 * from "the broker was not there".
 */
public class MiniKafkaClientException extends RuntimeException {
  /** With a message that names the problem. */
  public MiniKafkaClientException(String message) {
    super(message);
  }

  /** With a message that names the problem, and its cause. */
  public MiniKafkaClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether trying again later may succeed (the broker was unreachable, overloaded or slow), as
   * opposed to a mistake that a retry repeats.
   */
  public boolean isRetriable() {
    return false;
  }
}
