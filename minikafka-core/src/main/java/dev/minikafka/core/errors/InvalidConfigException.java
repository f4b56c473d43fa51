package dev.minikafka.core.errors;

/** A configuration key or value that is not acceptable. */
public final class InvalidConfigException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidConfigException(String message) {
    super(ErrorCode.INVALID_CONFIG, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public InvalidConfigException(String message, Throwable cause) {
    super(ErrorCode.INVALID_CONFIG, message, cause);
  }
}
