package dev.minikafka.core.errors;

/** A partition count or partition number that is not acceptable. */
public final class InvalidPartitionsException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidPartitionsException(String message) {
    super(ErrorCode.INVALID_PARTITIONS, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public InvalidPartitionsException(String message, Throwable cause) {
    super(ErrorCode.INVALID_PARTITIONS, message, cause);
  }
}
