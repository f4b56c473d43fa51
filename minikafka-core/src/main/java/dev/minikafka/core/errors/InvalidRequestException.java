package dev.minikafka.core.errors;

/** A request that is malformed or has a value out of range; the message names the field. */
public final class InvalidRequestException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidRequestException(String message) {
    super(ErrorCode.INVALID_REQUEST, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public InvalidRequestException(String message, Throwable cause) {
    super(ErrorCode.INVALID_REQUEST, message, cause);
  }
}
