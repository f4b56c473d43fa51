package dev.minikafka.core.errors;

/**
 * The storage under a log failed: a write, an fsync, or a full disk. The message names the cause.
 */
public final class StorageException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public StorageException(String message) {
    super(ErrorCode.KAFKA_STORAGE_ERROR, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public StorageException(String message, Throwable cause) {
    super(ErrorCode.KAFKA_STORAGE_ERROR, message, cause);
  }
}
