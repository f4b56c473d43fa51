package dev.minikafka.core.errors;

/** The topic or partition does not exist. */
public final class UnknownTopicOrPartitionException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public UnknownTopicOrPartitionException(String message) {
    super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public UnknownTopicOrPartitionException(String message, Throwable cause) {
    super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message, cause);
  }
}
