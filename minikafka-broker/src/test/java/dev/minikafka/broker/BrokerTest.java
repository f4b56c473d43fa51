package dev.minikafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.InvalidTopicException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerTest {
  @TempDir Path dataDir;

  private Broker open() {
    return Broker.open(StorageConfig.of(dataDir).withFlushPolicy(FlushPolicy.ALWAYS));
  }

  @Test
  void theGuidesWalkthroughOfOffsets() {
    try (Broker broker = open()) {
      assertThat(broker.registerTopic("demo").created()).isTrue();
      assertThat(broker.registerTopic("demo").created()).isFalse();
      for (int i = 0; i < 3; i++) {
        assertThat(broker.produce("demo", null, "message-" + i).offset()).isEqualTo(i);
      }
      assertThat(broker.registerConsumer("demo", "abinash").offset()).isZero();
      assertThat(broker.registerConsumer("demo", "rahul").offset()).isZero();
      assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::value).hasValue("message-0");
      assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::offset).hasValue(1L);
      assertThat(broker.consume("rahul", 0)).map(ConsumedMessage::offset).hasValue(0L);
      assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::offset).hasValue(2L);
      assertThat(broker.consume("abinash", 0)).isEmpty();
      BrokerStats stats = broker.stats();
      assertThat(stats.topics()).containsOnlyKeys("demo");
      assertThat(stats.topics().get("demo").messages()).isEqualTo(3);
      assertThat(stats.consumers().get("abinash").offset()).isEqualTo(3);
      assertThat(stats.consumers().get("rahul").offset()).isEqualTo(1);
    }
  }

  @Test
  void messagesAndOffsetsSurviveARestart() {
    try (Broker broker = open()) {
      broker.registerConsumer("demo", "abinash");
      broker.produce("demo", "k", "a");
      broker.produce("demo", null, "b");
      assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::key).hasValue("k");
    }
    try (Broker broker = open()) {
      assertThat(broker.registerConsumer("demo", "abinash").offset()).isEqualTo(1);
      assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::value).hasValue("b");
      assertThat(broker.stats().consumers().get("abinash").offset()).isEqualTo(2);
    }
  }

  @Test
  void aLongPollAnswersAsSoonAsAMessageArrives() throws Exception {
    try (Broker broker = open()) {
      broker.registerConsumer("demo", "c");
      long start = System.nanoTime();
      CompletableFuture<Optional<ConsumedMessage>> poll =
          CompletableFuture.supplyAsync(() -> broker.consume("c", 20_000));
      Thread.sleep(200);
      assertThat(poll).isNotDone();
      broker.produce("demo", null, "wake");
      assertThat(poll.get(10, TimeUnit.SECONDS)).map(ConsumedMessage::value).hasValue("wake");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void aLongPollTimesOutEmpty() {
    try (Broker broker = open()) {
      broker.registerConsumer("demo", "c");
      long start = System.nanoTime();
      assertThat(broker.consume("c", 150)).isEmpty();
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    }
  }

  @Test
  void badInputIsRejectedByName() {
    try (Broker broker = open()) {
      assertThatThrownBy(() -> broker.produce("nope", null, "x"))
          .isInstanceOf(UnknownTopicOrPartitionException.class);
      assertThatThrownBy(() -> broker.consume("ghost", 0))
          .isInstanceOf(UnknownConsumerException.class);
      assertThatThrownBy(() -> broker.registerTopic("../x"))
          .isInstanceOf(InvalidTopicException.class);
      assertThatThrownBy(() -> broker.registerConsumer("demo", "a/b"))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> broker.registerTopic(Broker.OFFSETS_TOPIC))
          .isInstanceOf(InvalidRequestException.class);
      broker.registerConsumer("demo", "c");
      assertThatThrownBy(() -> broker.consume("c", -1)).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> broker.consume("c", Broker.MAX_WAIT_MS + 1))
          .isInstanceOf(InvalidRequestException.class);
    }
  }
}
