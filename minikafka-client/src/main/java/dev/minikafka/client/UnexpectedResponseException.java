package dev.minikafka.client;

/**
 * The server answered with something that is not the {@code /v1} API's: an error without a Kafka
 * error code (for example a 404 from a broker too old to have the route), or a body that is not the
 * expected JSON. Retriable only for 502, 503 and 504, which proxies and overloaded servers send.
 */
public final class UnexpectedResponseException extends MiniKafkaClientException {
  private final int statusCode;

  /** With the HTTP status and a message naming the request and an excerpt of the answer. */
  public UnexpectedResponseException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /** The HTTP status of the answer. */
  public int statusCode() {
    return statusCode;
  }

  @Override
  public boolean isRetriable() {
    return statusCode == 502 || statusCode == 503 || statusCode == 504;
  }
}
