package dev.minikafka.core.errors;

/** A topic of that name exists already. */
public final class TopicExistsException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public TopicExistsException(String message) {
    super(ErrorCode.TOPIC_ALREADY_EXISTS, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public TopicExistsException(String message, Throwable cause) {
    super(ErrorCode.TOPIC_ALREADY_EXISTS, message, cause);
  }
}
