package dev.minikafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.InvalidPartitionsException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.RecordTooLargeException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.StorageConfig;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The topic, produce and fetch services over a real data directory. */
@Timeout(60)
class V1ServicesTest {
  @TempDir Path dataDir;
  private Broker broker;

  @BeforeEach
  void open() {
    broker = Broker.open(StorageConfig.of(dataDir));
  }

  @AfterEach
  void close() {
    broker.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ProduceRecord to(int partition, String value) {
    return new ProduceRecord(partition, null, null, b(value), List.of());
  }

  private long highWatermark(String topic, int partition) {
    return broker.logs().log(new TopicPartition(topic, partition)).highWatermark();
  }

  @Test
  void eachPartitionsRecordsAreWrittenAsOneBatch() {
    broker.topicService().create("t", 3, Map.of());
    List<ProduceRecord> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(to(i % 3, "v" + i));
    }
    List<RecordResult> results = broker.produceService().produce("t", records);
    for (int i = 0; i < 30; i++) {
      RecordResult.Stored stored = (RecordResult.Stored) results.get(i);
      assertThat(stored.partition()).isEqualTo(i % 3);
      assertThat(stored.offset()).as("request order within the partition").isEqualTo(i / 3);
    }
    for (int p = 0; p < 3; p++) {
      assertThat(broker.logs().log(new TopicPartition("t", p)).read(0, 1 << 20).records().batches())
          .as("partition %d", p)
          .hasSize(1);
    }
  }

  @Test
  void aBadRecordAnywhereStoresNothing() {
    broker.topicService().create("t", 2, Map.of("max.message.bytes", "1024"));
    List<ProduceRecord> badPartition = List.of(to(0, "a"), to(1, "b"), to(2, "c"));
    assertThatThrownBy(() -> broker.produceService().produce("t", badPartition))
        .isInstanceOf(UnknownTopicOrPartitionException.class)
        .hasMessage("records[2]: topic 't' has no partition 2; its partitions are 0 to 1");
    List<ProduceRecord> tooLarge = List.of(to(0, "a"), to(1, "x".repeat(2000)));
    assertThatThrownBy(() -> broker.produceService().produce("t", tooLarge))
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("records [1] for partition 1");
    List<ProduceRecord> negative =
        List.of(to(0, "a"), new ProduceRecord(null, -1L, null, b("x"), List.of()));
    assertThatThrownBy(() -> broker.produceService().produce("t", negative))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("records[1]");
    assertThatThrownBy(() -> broker.produceService().produce("t", List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(highWatermark("t", 0)).isZero();
    assertThat(highWatermark("t", 1)).isZero();
  }

  @Test
  void headersKeysAndTimestampsComeBack() {
    broker.topicService().create("t", 1, Map.of());
    List<RecordHeader> headers =
        List.of(new RecordHeader("h", b("1")), new RecordHeader("h", null));
    broker
        .produceService()
        .produce("t", List.of(new ProduceRecord(null, 1234L, b("k"), null, headers)));
    FetchResult r = broker.fetchService().fetch("t", 0, 0, new FetchLimits(10, 1024, 0));
    LogRecord rec = r.records().get(0);
    assertThat(rec.key()).isEqualTo(b("k"));
    assertThat(rec.value()).isNull();
    assertThat(rec.timestamp()).isEqualTo(1234L);
    assertThat(rec.data().headers()).isEqualTo(headers);
    assertThat(r.nextOffset()).isEqualTo(1);
  }

  @Test
  void aWaitingFetchWakesForItsPartitionOnly() throws Exception {
    broker.topicService().create("t", 2, Map.of());
    CompletableFuture<FetchResult> waiting =
        CompletableFuture.supplyAsync(
            () -> broker.fetchService().fetch("t", 1, 0, new FetchLimits(10, 1024, 300_000)));
    broker.produceService().produce("t", List.of(to(0, "other")));
    broker.produceService().produce("t", List.of(to(1, "mine")));
    FetchResult r = waiting.get(20, TimeUnit.SECONDS);
    assertThat(r.records()).extracting(LogRecord::value).containsExactly(b("mine"));
    FetchResult none = broker.fetchService().fetch("t", 1, 1, new FetchLimits(10, 1024, 50));
    assertThat(none.records()).isEmpty();
    assertThat(none.nextOffset()).isEqualTo(1);
    assertThat(none.highWatermark()).isEqualTo(1);
  }

  @Test
  void aFetchStopsAtMaxRecordsInsideABatchAndTheNextFetchStartsAtTheRecordAfter() {
    broker.topicService().create("t", 1, Map.of());
    List<ProduceRecord> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(to(0, "v" + i));
    }
    broker.produceService().produce("t", batch);
    FetchResult first = broker.fetchService().fetch("t", 0, 2, new FetchLimits(3, 1 << 20, 0));
    assertThat(first.records()).extracting(LogRecord::offset).containsExactly(2L, 3L, 4L);
    assertThat(first.nextOffset()).isEqualTo(5);
    FetchResult rest =
        broker.fetchService().fetch("t", 0, first.nextOffset(), new FetchLimits(100, 1 << 20, 0));
    assertThat(rest.records()).extracting(LogRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(rest.nextOffset()).isEqualTo(10);
  }

  @Test
  void aFetchGoesOnIntoLaterSegmentsWhileWholeBatchesFitInMaxBytes() {
    broker.topicService().create("t", 1, Map.of("segment.bytes", "1024"));
    for (int i = 0; i < 20; i++) {
      broker.produceService().produce("t", List.of(to(0, "v" + i + "-" + "x".repeat(200))));
    }
    assertThat(broker.logs().log(new TopicPartition("t", 0)).segmentCount())
        .as("one batch of about 270 bytes per record, three per segment")
        .isGreaterThan(5);
    FetchResult all = broker.fetchService().fetch("t", 0, 0, new FetchLimits(100, 1 << 20, 0));
    assertThat(all.records()).extracting(LogRecord::offset).hasSize(20).isSorted();
    assertThat(all.nextOffset()).isEqualTo(20);
    // Room for about four batches: the read stops at the last whole batch that fits.
    FetchResult some = broker.fetchService().fetch("t", 0, 1, new FetchLimits(100, 1200, 0));
    assertThat(some.records()).extracting(LogRecord::offset).containsExactly(1L, 2L, 3L, 4L);
    assertThat(some.nextOffset()).isEqualTo(5);
    // A first batch larger than max_bytes still comes, whole.
    FetchResult one = broker.fetchService().fetch("t", 0, 7, new FetchLimits(100, 10, 0));
    assertThat(one.records()).extracting(LogRecord::offset).containsExactly(7L);
    assertThat(one.nextOffset()).isEqualTo(8);
  }

  @Test
  void fetchLimitsAreCheckedNotClamped() {
    assertThatThrownBy(() -> FetchLimits.of(0, 1, 0)).hasMessageContaining("max_records");
    assertThatThrownBy(() -> FetchLimits.of(1_000_000_000L, 1, 0))
        .hasMessageContaining("max_records");
    assertThatThrownBy(() -> FetchLimits.of(1, 1L << 40, 0)).hasMessageContaining("max_bytes");
    assertThatThrownBy(() -> FetchLimits.of(1, 1, -1)).hasMessageContaining("timeout_ms");
    assertThatThrownBy(() -> FetchLimits.of(1, 1, 300_001)).hasMessageContaining("timeout_ms");
    assertThat(FetchLimits.of(10_000, 64 << 20, 300_000).maxRecords()).isEqualTo(10_000);
  }

  @Test
  void anOffsetOutOfRangeNamesTheRange() {
    broker.topicService().create("t", 1, Map.of());
    broker.produceService().produce("t", List.of(to(0, "a"), to(0, "b")));
    assertThatThrownBy(() -> broker.fetchService().fetch("t", 0, 3, new FetchLimits(1, 1, 0)))
        .isInstanceOf(OffsetOutOfRangeException.class)
        .hasMessageContaining("valid offsets are 0 to 2");
  }

  @Test
  void offsetsByPositionAndTimestamp() {
    broker.topicService().create("t", 1, Map.of());
    broker
        .produceService()
        .produce(
            "t",
            List.of(
                new ProduceRecord(0, 100L, null, b("a"), List.of()),
                new ProduceRecord(0, 300L, null, b("b"), List.of())));
    assertThat(broker.fetchService().offset("t", 0, new OffsetSpec.Earliest()))
        .isEqualTo(new ListedOffset(0, OptionalLong.of(100)));
    assertThat(broker.fetchService().offset("t", 0, new OffsetSpec.Latest()))
        .isEqualTo(new ListedOffset(2, OptionalLong.empty()));
    assertThat(broker.fetchService().offset("t", 0, new OffsetSpec.AtTimestamp(200)))
        .isEqualTo(new ListedOffset(1, OptionalLong.of(300)));
    assertThat(broker.fetchService().offset("t", 0, new OffsetSpec.AtTimestamp(301)))
        .isEqualTo(new ListedOffset(2, OptionalLong.empty()));
  }

  @Test
  void internalTopicsAreNeitherListedNorTouched() {
    assertThat(broker.topicService().list()).isEmpty();
    assertThatThrownBy(() -> broker.topicService().delete(Broker.OFFSETS_TOPIC))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                broker
                    .topicService()
                    .alterConfigs(Broker.OFFSETS_TOPIC, Map.of("retention.ms", "1")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> broker.topicService().create(Broker.OFFSETS_TOPIC, 1, Map.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void badConfigsAndPartitionCountsChangeNothing() {
    broker.topicService().create("t", 2, Map.of("retention.ms", "1000"));
    assertThatThrownBy(
            () ->
                broker
                    .topicService()
                    .alterConfigs("t", Map.of("retention.bytes", "5", "segment.index.bytes", "99")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("segment.index.bytes");
    assertThatThrownBy(
            () -> broker.topicService().alterConfigs("t", Map.of("retention.bytes", "lots")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("retention.bytes");
    assertThatThrownBy(() -> broker.topicService().addPartitions("t", 1))
        .isInstanceOf(InvalidPartitionsException.class);
    TopicDescription d = broker.topicService().describe("t");
    assertThat(d.configs())
        .containsEntry("retention.ms", "1000")
        .containsEntry("retention.bytes", "-1");
    assertThat(d.partitions()).hasSize(2);
  }
}
