package dev.minikafka.core.errors;

/** An idempotent producer's sequence number is not the one the partition expects next. */
public final class OutOfOrderSequenceException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public OutOfOrderSequenceException(String message) {
    super(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message);
  }
}
