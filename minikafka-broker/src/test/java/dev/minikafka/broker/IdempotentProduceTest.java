package dev.minikafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.broker.internal.ProducerStates;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.OutOfOrderSequenceException;
import dev.minikafka.storage.StorageConfig;
import dev.minikafka.storage.record.ProducerBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotentProduceTest {
  @TempDir Path dataDir;

  private static List<RecordResult> send(Broker broker, long producer, int sequence) {
    return broker
        .produceService()
        .produce(
            "t",
            List.of(
                new ProduceRecord(
                    0, null, null, ("v" + sequence).getBytes(StandardCharsets.UTF_8), List.of())),
            new Idempotence(producer, (short) 0, Map.of(0, sequence)));
  }

  @Test
  void theBatchHeaderCarriesTheProducerAndSequence() {
    try (Broker broker = Broker.open(StorageConfig.of(dataDir))) {
      broker.topicService().create("t", 1, Map.of());
      long producer = broker.produceService().newProducerId();
      send(broker, producer, 0);
      send(broker, producer, 1);
      List<ProducerBatch> batches =
          broker
              .logs()
              .log(new TopicPartition("t", 0))
              .read(0, 1 << 20)
              .records()
              .producerBatches();
      assertThat(batches)
          .containsExactly(
              new ProducerBatch(producer, (short) 0, 0, 0, 0, 0),
              new ProducerBatch(producer, (short) 0, 1, 1, 1, 1));
    }
  }

  @Test
  void theSnapshotKeepsProducersWhoseBatchesRetentionDeleted() {
    long few;
    long many;
    try (Broker broker = Broker.open(StorageConfig.of(dataDir))) {
      broker
          .topicService()
          .create("t", 1, Map.of("segment.bytes", "1024", "retention.bytes", "2048"));
      few = broker.produceService().newProducerId();
      many = broker.produceService().newProducerId();
      send(broker, few, 0);
      for (int i = 0; i < ProducerStates.SNAPSHOT_EVERY + 30; i++) {
        send(broker, many, i);
      }
      broker.logs().enforceRetention();
      assertThat(broker.logs().log(new TopicPartition("t", 0)).logStartOffset())
          .as("the first batch is gone from the log")
          .isPositive();
    }
    try (Broker broker = Broker.open(StorageConfig.of(dataDir))) {
      RecordResult.Stored retry = (RecordResult.Stored) send(broker, few, 0).get(0);
      assertThat(retry.duplicate()).as("known from the snapshot").isTrue();
      assertThat(retry.offset()).isZero();
      int last = ProducerStates.SNAPSHOT_EVERY + 29;
      assertThat(((RecordResult.Stored) send(broker, many, last).get(0)).duplicate())
          .as("known from the log past the snapshot")
          .isTrue();
      assertThatThrownBy(() -> send(broker, many, last + 2))
          .isInstanceOf(OutOfOrderSequenceException.class);
      assertThat(((RecordResult.Stored) send(broker, many, last + 1).get(0)).duplicate()).isFalse();
    }
  }
}
