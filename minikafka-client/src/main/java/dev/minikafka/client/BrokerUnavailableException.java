package dev.minikafka.client;

/**
 * The broker at a URL could not be reached: connection refused or reset, unknown host, or no
 * connection within the connect timeout. The message names the URL. Retriable.
 */
public final class BrokerUnavailableException extends MiniKafkaClientException {
  /** With a message naming the URL, and the I/O error. */
  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
