package dev.minikafka.client;

/**
 * The producer, consumer or admin client was used after {@code close()}, or was closed while the
 * operation waited (records still unsent when a bounded close gave up).
 */
public final class ClientClosedException extends MiniKafkaClientException {
  /** With a message naming the client and the operation. */
  public ClientClosedException(String message) {
    super(message);
  }
}
