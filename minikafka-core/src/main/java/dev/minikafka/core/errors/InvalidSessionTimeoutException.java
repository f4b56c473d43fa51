package dev.minikafka.core.errors;

/** A session timeout outside the range the broker allows. */
public final class InvalidSessionTimeoutException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidSessionTimeoutException(String message) {
    super(ErrorCode.INVALID_SESSION_TIMEOUT, message);
  }
}
