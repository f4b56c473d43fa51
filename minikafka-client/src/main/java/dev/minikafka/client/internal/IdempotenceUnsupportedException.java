package dev.minikafka.client.internal;

import dev.minikafka.client.MiniKafkaClientException;

/**
 * The broker has no {@code POST /v1/producers}: it predates idempotent producers. A producer that
 * asked for idempotence fails its records with it; one that only defaulted to it goes on without.
 */
public final class IdempotenceUnsupportedException extends MiniKafkaClientException {
  /** With a message naming the broker and what to do. */
  public IdempotenceUnsupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
