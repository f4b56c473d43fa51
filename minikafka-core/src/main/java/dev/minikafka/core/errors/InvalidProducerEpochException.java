package dev.minikafka.core.errors;

/** The producer's epoch is older than the broker's: a newer instance of it fenced this one. */
public final class InvalidProducerEpochException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidProducerEpochException(String message) {
    super(ErrorCode.INVALID_PRODUCER_EPOCH, message);
  }
}
