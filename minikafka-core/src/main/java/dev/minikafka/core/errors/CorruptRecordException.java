package dev.minikafka.core.errors;

/**
 * Bytes that should be a record batch failed a size, magic or CRC check. The message names where.
 */
public final class CorruptRecordException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public CorruptRecordException(String message) {
    super(ErrorCode.CORRUPT_MESSAGE, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public CorruptRecordException(String message, Throwable cause) {
    super(ErrorCode.CORRUPT_MESSAGE, message, cause);
  }
}
