package dev.minikafka.client;

import org.junit.jupiter.api.Disabled;

/** Every producer scenario again, with idempotence asked for explicitly. */
@Disabled(
    "pending: the broker side of idempotent producers (POST /v1/producers, producer_id and"
        + " sequences on produce; docs/api-v1.md 'Idempotent producers') is not merged yet;"
        + " enable once it is")
class IdempotentProducerTest extends ProducerTest {
  @Override
  boolean idempotent() {
    return true;
  }
}
