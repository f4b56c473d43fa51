package dev.minikafka.client;

/**
 * No answer in time: a request exceeded its request timeout, or a record could not be delivered
 * within {@code delivery.timeout.ms}. Retriable (the broker may merely be slow), but for a request
 * that writes, the write may or may not have happened.
 */
public final class ClientTimeoutException extends MiniKafkaClientException {
  /** With a message naming what timed out and after how long. */
  public ClientTimeoutException(String message) {
    super(message);
  }

  /** With a message naming what timed out, and the last error seen before it did. */
  public ClientTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
