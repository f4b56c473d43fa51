package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading one partition without a group, against a real broker. */
class PartitionReaderTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private PartitionReader reader;

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    reader = PartitionReader.builder().bootstrap(broker.url()).build();
  }

  @AfterEach
  void stop() {
    reader.close();
    broker.close();
  }

  @Test
  void readsFromAnOffsetInPagesAndCommitsNothing() throws Exception {
    try (Admin admin = Admin.builder().bootstrap(broker.url()).build();
        Producer producer = Producer.builder().bootstrap(broker.url()).build()) {
      admin.createTopic(NewTopic.of("t", 2));
      for (int i = 0; i < 5; i++) {
        producer.send(ProducerRecord.ofStrings("t", "v" + i).withPartition(1)).get();
      }
      producer
          .send(new ProducerRecord("t", 1, null, null, new byte[] {(byte) 0xff, 0}, List.of()))
          .get();
    }
    TopicPartition tp = new TopicPartition("t", 1);

    PartitionReader.Fetched page = reader.fetch(tp, 1, 2, Duration.ZERO);
    assertThat(page.records())
        .extracting(ConsumerRecord::valueAsString)
        .containsExactly("v1", "v2");
    assertThat(page.nextOffset()).isEqualTo(3);
    assertThat(page.highWatermark()).isEqualTo(6);
    assertThat(page.logStartOffset()).isZero();

    PartitionReader.Fetched rest = reader.fetch(tp, page.nextOffset(), 100, Duration.ZERO);
    assertThat(rest.records()).extracting(ConsumerRecord::offset).containsExactly(3L, 4L, 5L);
    assertThat(rest.records().get(2).value())
        .as("bytes that are not UTF-8 come back as they are")
        .isEqualTo(new byte[] {(byte) 0xff, 0});
    assertThat(rest.nextOffset()).isEqualTo(6);

    PartitionReader.Fetched end = reader.fetch(tp, 6, 10, Duration.ZERO);
    assertThat(end.records()).isEmpty();
    assertThat(end.nextOffset()).isEqualTo(6);
    assertThat(reader.fetch(new TopicPartition("t", 0), 0, 10, Duration.ZERO).records()).isEmpty();
    assertThat(new String(page.records().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("v1");
  }

  @Test
  void refusalsAreTyped() {
    try (Admin admin = Admin.builder().bootstrap(broker.url()).build()) {
      admin.createTopic(NewTopic.of("t", 1));
    }
    assertThatThrownBy(() -> reader.fetch(new TopicPartition("t", 0), 7, 10, Duration.ZERO))
        .isInstanceOf(OffsetOutOfRangeException.class);
    assertThatThrownBy(() -> reader.fetch(new TopicPartition("nope", 0), 0, 10, Duration.ZERO))
        .isInstanceOf(UnknownTopicOrPartitionException.class);
    assertThatThrownBy(() -> reader.fetch(new TopicPartition("t", 0), 0, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
