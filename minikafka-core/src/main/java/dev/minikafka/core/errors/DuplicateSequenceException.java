package dev.minikafka.core.errors;

/**
 * An idempotent producer sent a sequence number the partition already has, for different records.
 */
public final class DuplicateSequenceException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public DuplicateSequenceException(String message) {
    super(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, message);
  }
}
