package dev.minikafka.core.errors;

/**
 * A topic name that breaks Kafka's rule: 1 to 249 of {@code [a-zA-Z0-9._-]}, not {@code .} or
 * {@code ..}.
 */
public final class InvalidTopicException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InvalidTopicException(String message) {
    super(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public InvalidTopicException(String message, Throwable cause) {
    super(ErrorCode.INVALID_TOPIC_EXCEPTION, message, cause);
  }
}
