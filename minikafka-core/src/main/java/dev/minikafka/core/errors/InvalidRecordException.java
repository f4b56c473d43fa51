package dev.minikafka.core.errors;

/** A well-formed record batch that breaks a rule: wrong magic, inconsistent counts or offsets. */
public final class InvalidRecordException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidRecordException(String message) {
    super(ErrorCode.INVALID_RECORD, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public InvalidRecordException(String message, Throwable cause) {
    super(ErrorCode.INVALID_RECORD, message, cause);
  }
}
