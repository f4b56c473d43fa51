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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading one partition without a group, against a real broker. */
@ParameterizedClass(name = "record batches: {0}")
@ValueSource(booleans = {true, false})
class PartitionReaderTest {
  /** Whether the client reads record batches (the default) or JSON. */
  @Parameter boolean recordBatches;

  @TempDir Path dataDir;
  private TestBroker broker;
  private PartitionReader reader;

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    reader = PartitionReader.builder().bootstrap(broker.url()).recordBatches(recordBatches).build();
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
  void aReadFromInsideABatchReturnsTheAskedRecordsWithHeadersAndTimestamps() throws Exception {
    try (Admin admin = Admin.builder().bootstrap(broker.url()).build();
        Producer producer =
            Producer.builder()
                .bootstrap(broker.url())
                .lingerMs(60_000)
                .batchSize(1 << 20)
                .build()) {
      admin.createTopic(NewTopic.of("b", 1));
      List<java.util.concurrent.CompletableFuture<RecordMetadata>> sent =
          new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sent.add(
            producer.send(
                new ProducerRecord(
                    "b",
                    0,
                    1_764_000_000_000L + i,
                    i % 2 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8),
                    List.of(Header.of("n", "h" + i), new Header("empty", null)))));
      }
      producer.flush();
      for (var f : sent) {
        f.get();
      }
    }
    TopicPartition tp = new TopicPartition("b", 0);
    PartitionReader.Fetched page = reader.fetch(tp, 5, 4, Duration.ZERO);
    assertThat(page.records()).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L, 8L);
    assertThat(page.nextOffset()).isEqualTo(9);
    assertThat(page.highWatermark()).isEqualTo(20);
    ConsumerRecord six = page.records().get(1);
    assertThat(six.keyAsString()).isNull();
    assertThat(six.valueAsString()).isEqualTo("v6");
    assertThat(six.timestamp()).isEqualTo(1_764_000_000_006L);
    assertThat(six.headers()).containsExactly(Header.of("n", "h6"), new Header("empty", null));
    assertThat(page.records().get(2).keyAsString()).isEqualTo("k7");
  }

  @Test
  void batchesInEveryCodecAProducerUsesReadBackTheSame() throws Exception {
    try (Admin admin = Admin.builder().bootstrap(broker.url()).build()) {
      admin.createTopic(NewTopic.of("codecs", 1));
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    List<dev.minikafka.storage.record.Compression> codecs =
        List.of(dev.minikafka.storage.record.Compression.values());
    for (int c = 0; c < codecs.size(); c++) {
      List<dev.minikafka.storage.record.RecordData> records = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        records.add(
            new dev.minikafka.storage.record.RecordData(
                1_764_000_000_000L,
                null,
                (codecs.get(c) + "-" + i).getBytes(StandardCharsets.UTF_8),
                List.of()));
      }
      java.nio.ByteBuffer b =
          dev.minikafka.storage.record.Batches.encodeForAppend(records, codecs.get(c), null)
              .buffer();
      byte[] body = new byte[b.remaining()];
      b.get(body);
      var answer =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(broker.url() + "/v1/topics/codecs/partitions/0/batches"))
                  .header("Content-Type", "application/vnd.kafka.record-batch.v2")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    // gzip is decoded here; snappy, lz4 and zstd are re-encoded by the broker for this client.
    PartitionReader.Fetched all =
        reader.fetch(new TopicPartition("codecs", 0), 1, 100, Duration.ZERO);
    assertThat(all.records()).hasSize(3 * codecs.size() - 1);
    assertThat(all.records().get(0).valueAsString()).isEqualTo("NONE-1");
    assertThat(all.records().getLast().valueAsString()).isEqualTo("ZSTD-2");
    assertThat(all.records()).extracting(ConsumerRecord::offset).isSorted().doesNotHaveDuplicates();
    assertThat(all.nextOffset()).isEqualTo(3L * codecs.size());
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
