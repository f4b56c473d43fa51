package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.errors.InvalidTopicException;
import dev.minikafka.core.errors.MiniKafkaException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classroom endpoints through {@link ClassroomClient}, against a real broker. */
class ClassroomClientTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private ClassroomClient client;

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    client = ClassroomClient.builder().bootstrap(broker.url()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    broker.close();
  }

  @Test
  void theGuidesRoundTrip() {
    assertThat(client.registerTopic("demo"))
        .isEqualTo(new ClassroomClient.TopicRegistration("demo", 1, true));
    assertThat(client.registerTopic("demo").created()).isFalse();
    ClassroomClient.ProducerRegistration producer = client.registerProducer("demo", null);
    assertThat(producer.producerId()).isNotBlank();
    assertThat(client.registerProducer("demo", "p1").producerId()).isEqualTo("p1");

    for (int i = 0; i < 3; i++) {
      ClassroomClient.Produced ack = client.produce("demo", i == 1 ? "k" : null, "m" + i);
      assertThat(ack.topic()).isEqualTo("demo");
      assertThat(ack.offset()).isEqualTo(i);
      assertThat(ack.timestamp()).isPositive();
    }

    ClassroomClient.ConsumerRegistration consumer = client.registerConsumer("demo", "abinash");
    assertThat(consumer).isEqualTo(new ClassroomClient.ConsumerRegistration("abinash", "demo", 0));
    ClassroomClient.Message first = client.consume("abinash", Duration.ZERO).orElseThrow();
    assertThat(first.offset()).isZero();
    assertThat(first.value()).isEqualTo("m0");
    assertThat(first.key()).isNull();
    ClassroomClient.Message second = client.consume("abinash", Duration.ZERO).orElseThrow();
    assertThat(second.key()).isEqualTo("k");
    assertThat(client.consume("abinash", Duration.ZERO)).isPresent();
    assertThat(client.consume("abinash", Duration.ZERO)).as("caught up: 204").isEmpty();

    // A registered consumer keeps its offset; the broker's statistics show it.
    assertThat(client.registerConsumer("demo", "abinash").offset()).isEqualTo(3);
    assertThat(client.stats().at("/topics/demo/messages").asLong()).isEqualTo(3);
    assertThat(client.stats().at("/consumers/abinash/offset").asLong()).isEqualTo(3);
  }

  @Test
  void aLongPollWaitsItsTimeForAMessage() {
    client.registerTopic("live");
    client.registerConsumer("live", "c");
    long started = System.nanoTime();
    assertThat(client.consume("c", Duration.ofMillis(300))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));

    client.produce("live", null, "hello");
    assertThat(client.consume("c", Duration.ofSeconds(20)).orElseThrow().value())
        .isEqualTo("hello");
  }

  @Test
  void refusalsAreTypedAndFailuresNameTheBroker() throws IOException {
    assertThatThrownBy(() -> client.registerTopic("no spaces"))
        .isInstanceOf(InvalidTopicException.class);
    assertThatThrownBy(() -> client.consume("nobody", Duration.ZERO))
        .isInstanceOf(MiniKafkaException.class)
        .hasMessageContaining("nobody");
    assertThatThrownBy(() -> client.consume("c", Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ClassroomClient nowhere =
        ClassroomClient.builder().bootstrap("http://127.0.0.1:" + port).build()) {
      assertThatThrownBy(nowhere::stats)
          .isInstanceOf(BrokerUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }
}
