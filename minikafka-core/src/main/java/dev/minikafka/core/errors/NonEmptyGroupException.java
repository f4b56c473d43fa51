package dev.minikafka.core.errors;

/** The group has live members, and the operation needs it empty. */
public final class NonEmptyGroupException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public NonEmptyGroupException(String message) {
    super(ErrorCode.NON_EMPTY_GROUP, message);
  }
}
