package dev.minikafka.client;

/** Every producer scenario again, with an idempotent producer (the default). */
class IdempotentProducerTest extends ProducerTest {
  @Override
  boolean idempotent() {
    return true;
  }
}
