package dev.minikafka.core.errors;

/** A group id is empty or breaks the naming rule. */
public final class InvalidGroupIdException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidGroupIdException(String message) {
    super(ErrorCode.INVALID_GROUP_ID, message);
  }
}
