package dev.minikafka.core.errors;

/** The broker has no state for this producer id. */
public final class UnknownProducerIdException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public UnknownProducerIdException(String message) {
    super(ErrorCode.UNKNOWN_PRODUCER_ID, message);
  }
}
