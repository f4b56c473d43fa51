package dev.minikafka.core.errors;

/** The group's generation moved on: the member's view of its partitions is stale. */
public final class IllegalGenerationException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public IllegalGenerationException(String message) {
    super(ErrorCode.ILLEGAL_GENERATION, message);
  }
}
