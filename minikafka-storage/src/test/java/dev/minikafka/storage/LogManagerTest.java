package dev.minikafka.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.InvalidPartitionsException;
import dev.minikafka.core.errors.InvalidTopicException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogManagerTest {
  @TempDir Path dataDir;

  private LogManager open() {
    return LogManager.open(StorageConfig.of(dataDir).withFlushPolicy(FlushPolicy.NEVER));
  }

  private static void append(PartitionLog log, String value) {
    log.append(List.of(RecordData.of(1, null, value.getBytes(UTF_8))), Compression.NONE);
  }

  @Test
  void topicsSurviveReopenWithTheirConfigAndData() {
    String id;
    try (LogManager m = open()) {
      TopicMetadata meta = m.createTopic("orders", 3, Map.of(LogConfig.RETENTION_MS, "60000"));
      id = meta.topicId();
      assertThat(meta.config().retentionMs()).isEqualTo(60_000);
      append(m.log(new TopicPartition("orders", 2)), "hello");
      assertThat(m.openedClean()).isFalse();
    }
    try (LogManager m = open()) {
      assertThat(m.openedClean()).isTrue();
      TopicMetadata meta = m.topic("orders").orElseThrow();
      assertThat(meta.topicId()).isEqualTo(id);
      assertThat(meta.partitions()).isEqualTo(3);
      assertThat(meta.overrides()).containsEntry(LogConfig.RETENTION_MS, "60000");
      PartitionLog log = m.log(new TopicPartition("orders", 2));
      assertThat(log.logEndOffset()).isEqualTo(1);
      assertThat(log.read(0, 1000).records().records().get(0).value())
          .isEqualTo("hello".getBytes(UTF_8));
    }
    assertThat(dataDir.resolve("orders-0")).isDirectory();
    assertThat(dataDir.resolve("topic-metadata/orders")).isRegularFile();
  }

  @Test
  void rejectsBadTopicsWithoutTouchingTheDirectory() throws Exception {
    try (LogManager m = open()) {
      m.createTopic("a", 1, Map.of());
      List<Path> before = listing();
      assertThatThrownBy(() -> m.createTopic("a", 1, Map.of()))
          .isInstanceOf(TopicExistsException.class);
      assertThatThrownBy(() -> m.createTopic("../evil", 1, Map.of()))
          .isInstanceOf(InvalidTopicException.class);
      assertThatThrownBy(() -> m.createTopic("b", 0, Map.of()))
          .isInstanceOf(InvalidPartitionsException.class);
      assertThatThrownBy(() -> m.createTopic("b", 1, Map.of("no.such.key", "1")))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("no.such.key");
      assertThatThrownBy(() -> m.createTopic("b", 1, Map.of(LogConfig.SEGMENT_BYTES, "ten")))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("segment.bytes");
      assertThat(listing()).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "", "a\\b"})
  void illegalNamesNeverReachTheFileSystem(String name) {
    try (LogManager m = open()) {
      assertThatThrownBy(() -> m.createTopic(name, 1, Map.of()))
          .isInstanceOf(InvalidTopicException.class);
    }
  }

  @Test
  void unknownTopicsAndPartitionsAreNamedInTheError() {
    try (LogManager m = open()) {
      m.createTopic("t", 2, Map.of());
      assertThatThrownBy(() -> m.log(new TopicPartition("t", 2)))
          .isInstanceOf(UnknownTopicOrPartitionException.class)
          .hasMessageContaining("no partition 2");
      assertThatThrownBy(() -> m.log(new TopicPartition("u", 0)))
          .isInstanceOf(UnknownTopicOrPartitionException.class)
          .hasMessageContaining("'u' does not exist");
    }
  }

  @Test
  void deleteRemovesMetadataAndDirectoriesButNotSimilarNames() {
    try (LogManager m = open()) {
      m.createTopic("t", 2, Map.of());
      m.createTopic("t-x", 1, Map.of());
      append(m.log(new TopicPartition("t-x", 0)), "keep");
      m.deleteTopic("t");
      assertThat(m.topic("t")).isEmpty();
      assertThat(dataDir.resolve("t-0")).doesNotExist();
      assertThat(dataDir.resolve("t-1")).doesNotExist();
      assertThat(dataDir.resolve("t-x-0")).isDirectory();
      assertThatThrownBy(() -> m.deleteTopic("t"))
          .isInstanceOf(UnknownTopicOrPartitionException.class);
      m.createTopic("t", 1, Map.of());
      assertThat(m.log(new TopicPartition("t", 0)).logEndOffset()).isZero();
    }
  }

  @Test
  void aDeletionCutShortByACrashIsFinishedOnOpen() throws Exception {
    try (LogManager m = open()) {
      m.createTopic("gone", 2, Map.of());
      m.createTopic("kept", 1, Map.of());
    }
    // What a crash right after the metadata rename leaves behind.
    Files.move(dataDir.resolve("topic-metadata/gone"), dataDir.resolve("topic-metadata/gone+del"));
    try (LogManager m = open()) {
      assertThat(m.topic("gone")).isEmpty();
      assertThat(m.topic("kept")).isPresent();
    }
    assertThat(dataDir.resolve("gone-0")).doesNotExist();
    assertThat(dataDir.resolve("topic-metadata/gone+del")).doesNotExist();
  }

  @Test
  void namesOfKafkasFullLengthAndNamesThatLookLikeOurFilesAreStoredAndDeleted() {
    String longest = "n".repeat(TopicNames.MAX_LENGTH);
    List<String> names = List.of(longest, "events.tmp", "orders.properties", "x.properties-delete");
    try (LogManager m = open()) {
      for (String name : names) {
        m.createTopic(name, 2, Map.of());
        append(m.log(new TopicPartition(name, 1)), name);
      }
    }
    try (LogManager m = open()) {
      assertThat(m.topics())
          .extracting(TopicMetadata::name)
          .containsExactlyInAnyOrderElementsOf(names);
      for (String name : names) {
        assertThat(m.log(new TopicPartition(name, 1)).logEndOffset()).isEqualTo(1);
      }
      m.deleteTopic(longest);
    }
    try (LogManager m = open()) {
      assertThat(m.topic(longest)).isEmpty();
      assertThat(m.topics()).hasSize(names.size() - 1);
    }
    assertThat(dataDir.resolve(longest + "-1")).doesNotExist();
  }

  @Test
  void theEarlierMetadataLayoutIsMovedOnOpenAndItsDeletionsFinished() throws Exception {
    try (LogManager m = open()) {
      m.createTopic("kept", 2, Map.of(LogConfig.RETENTION_MS, "60000"));
      append(m.log(new TopicPartition("kept", 1)), "hello");
      m.createTopic("gone", 1, Map.of());
    }
    // The earlier layout: topics/<topic>.properties, a deletion marker, a leftover temp file.
    Path legacy = Files.createDirectory(dataDir.resolve("topics"));
    Files.move(dataDir.resolve("topic-metadata/kept"), legacy.resolve("kept.properties"));
    Files.move(dataDir.resolve("topic-metadata/gone"), legacy.resolve("gone.properties-delete"));
    Files.writeString(legacy.resolve("kept.properties.tmp"), "name=ke");
    try (LogManager m = open()) {
      assertThat(m.topics()).extracting(TopicMetadata::name).containsExactly("kept");
      TopicMetadata kept = m.topic("kept").orElseThrow();
      assertThat(kept.overrides()).containsEntry(LogConfig.RETENTION_MS, "60000");
      assertThat(m.log(new TopicPartition("kept", 1)).logEndOffset()).isEqualTo(1);
    }
    assertThat(legacy).doesNotExist();
    assertThat(dataDir.resolve("gone-0")).doesNotExist();
    assertThat(dataDir.resolve("topic-metadata/kept")).isRegularFile();
  }

  @Test
  void alterConfigAndAddPartitionsPersist() {
    try (LogManager m = open()) {
      m.createTopic("t", 1, Map.of());
      m.alterTopicConfig("t", Map.of(LogConfig.RETENTION_BYTES, "1000000"));
      m.addPartitions("t", 4);
      assertThatThrownBy(() -> m.addPartitions("t", 4))
          .isInstanceOf(InvalidPartitionsException.class);
      assertThat(m.log(new TopicPartition("t", 0)).config().retentionBytes()).isEqualTo(1_000_000);
    }
    try (LogManager m = open()) {
      TopicMetadata t = m.topic("t").orElseThrow();
      assertThat(t.partitions()).isEqualTo(4);
      assertThat(t.config().retentionBytes()).isEqualTo(1_000_000);
      assertThat(m.log(new TopicPartition("t", 3)).config().retentionBytes()).isEqualTo(1_000_000);
    }
  }

  @Test
  void aSecondManagerCannotOpenTheSameDirectory() {
    try (LogManager m = open()) {
      assertThat(m.topics()).isEmpty();
      assertThatThrownBy(this::open)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("in use");
    }
    try (LogManager again = open()) {
      assertThat(again.topics()).isEmpty();
    }
  }

  @Test
  void intervalFlushingForcesDirtyLogsInTheBackground() throws Exception {
    StorageConfig config =
        StorageConfig.of(dataDir).withFlushPolicy(FlushPolicy.parse("interval:20"));
    try (LogManager m = LogManager.open(config)) {
      m.createTopic("t", 1, Map.of());
      PartitionLog log = m.log(new TopicPartition("t", 0));
      append(log, "x");
      assertThat(log.hasUnflushedData()).isTrue();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (log.hasUnflushedData() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(log.hasUnflushedData()).isFalse();
    }
  }

  private List<Path> listing() throws Exception {
    try (Stream<Path> s = Files.walk(dataDir)) {
      return s.filter(p -> !p.getFileName().toString().equals(".lock")).sorted().toList();
    }
  }
}
