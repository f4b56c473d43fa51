package dev.minikafka.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.errors.OutOfOrderSequenceException;
import dev.minikafka.storage.AppendResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expiration of idempotent producers that stopped appending to a partition. */
class PartitionProducersTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final PartitionProducers producers = new PartitionProducers(now::get);

  private void append(long producerId, int baseSequence, CompletableFuture<AppendResult> ack) {
    assertThat(producers.check(producerId, (short) 0, baseSequence, 1, "p0"))
        .isInstanceOf(PartitionProducers.Decision.Append.class);
    producers.appended(producerId, (short) 0, baseSequence, baseSequence, ack);
  }

  private static CompletableFuture<AppendResult> stored(long offset) {
    return CompletableFuture.completedFuture(new AppendResult(offset, offset, 1));
  }

  @Test
  void producersIdleSinceTheCutoffAreForgottenAndTheOthersKept() {
    append(1, 0, stored(0));
    now.set(2_000);
    append(2, 0, stored(1));
    append(1, 1, stored(2));
    now.set(3_000);
    append(3, 0, stored(3));

    assertThat(producers.expire(2_500)).isEqualTo(2);
    assertThat(producers.size()).isEqualTo(1);
    assertThat(producers.snapshot()).doesNotContain("\n1 ").doesNotContain("\n2 ").contains("\n3 ");

    // A forgotten producer must start a new sequence; a kept one goes on.
    assertThatThrownBy(() -> producers.check(1, (short) 0, 2, 1, "p0"))
        .isInstanceOf(OutOfOrderSequenceException.class)
        .hasMessageContaining("must start at 0");
    assertThat(producers.check(3, (short) 0, 1, 1, "p0"))
        .isInstanceOf(PartitionProducers.Decision.Append.class);
  }

  @Test
  void aProducerWithAnAppendStillPendingIsNotForgotten() {
    CompletableFuture<AppendResult> pending = new CompletableFuture<>();
    append(7, 0, pending);
    now.set(10_000);

    assertThat(producers.expire(5_000)).isZero();
    pending.complete(new AppendResult(0, 0, 1));
    assertThat(producers.expire(5_000)).isEqualTo(1);
  }
}
