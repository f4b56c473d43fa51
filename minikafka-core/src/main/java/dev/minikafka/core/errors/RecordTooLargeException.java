package dev.minikafka.core.errors;

/** A record batch exceeds the maximum batch size in force. */
public final class RecordTooLargeException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public RecordTooLargeException(String message) {
    super(ErrorCode.MESSAGE_TOO_LARGE, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public RecordTooLargeException(String message, Throwable cause) {
    super(ErrorCode.MESSAGE_TOO_LARGE, message, cause);
  }
}
