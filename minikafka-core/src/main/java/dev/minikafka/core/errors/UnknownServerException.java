package dev.minikafka.core.errors;

/**
 * The broker failed for a reason of its own, not the client's input (HTTP 500), or answered with an
 * error code this version does not know. Clients raise it; the broker does not.
 */
public final class UnknownServerException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public UnknownServerException(String message) {
    super(ErrorCode.UNKNOWN_SERVER_ERROR, message);
  }
}
