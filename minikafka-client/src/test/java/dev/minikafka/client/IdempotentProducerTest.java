package dev.minikafka.client;

/** Every producer scenario again, with idempotence asked for explicitly. */
class IdempotentProducerTest extends ProducerTest {
  @Override
  boolean idempotent() {
    return true;
  }
}
