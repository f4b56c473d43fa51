package dev.minikafka.core.errors;

/**
 * An offset outside the partition's range: below the log start offset or past the high watermark.
 */
public final class OffsetOutOfRangeException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public OffsetOutOfRangeException(String message) {
    super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public OffsetOutOfRangeException(String message, Throwable cause) {
    super(ErrorCode.OFFSET_OUT_OF_RANGE, message, cause);
  }
}
