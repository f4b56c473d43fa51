package dev.minikafka.core.errors;

/** No consumer (or consumer group) is registered under the id given. */
public final class UnknownConsumerException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public UnknownConsumerException(String message) {
    super(ErrorCode.GROUP_ID_NOT_FOUND, message);
  }

  /** Creates the error with a message that names the problem and the failure behind it. */
  public UnknownConsumerException(String message, Throwable cause) {
    super(ErrorCode.GROUP_ID_NOT_FOUND, message, cause);
  }
}
