package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.InvalidPartitionsException;
import dev.minikafka.core.errors.NonEmptyGroupException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin client against a real broker: topics, configs, offsets, groups, and the broker's
 * refusals.
 */
class AdminTest {
  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
  }

  @AfterEach
  void stop() {
    admin.close();
    broker.close();
  }

  @Test
  void topicLifecycle() {
    TopicDescription created =
        admin.createTopic(new NewTopic("orders", 3, Map.of("retention.ms", "3600000")));
    assertThat(created.name()).isEqualTo("orders");
    assertThat(created.partitions()).hasSize(3);
    assertThat(created.configs()).containsEntry("retention.ms", "3600000");

    admin.createTopics(List.of(NewTopic.of("audit", 1)));
    assertThat(admin.listTopics())
        .contains(new TopicListing("orders", 3), new TopicListing("audit", 1));

    admin.alterConfigs("orders", Map.of("retention.bytes", "1048576"));
    TopicDescription described = admin.describeTopic("orders");
    assertThat(described.configs())
        .containsEntry("retention.ms", "3600000")
        .containsEntry("retention.bytes", "1048576");
    assertThat(described.partitions())
        .extracting(TopicDescription.PartitionDescription::partition)
        .containsExactly(0, 1, 2);

    admin.addPartitions("orders", 5);
    assertThat(admin.describeTopic("orders").partitions()).hasSize(5);

    admin.deleteTopic("audit");
    assertThat(admin.listTopics()).extracting(TopicListing::name).doesNotContain("audit");
  }

  @Test
  void theBrokersRefusalsArriveAsTypedExceptions() {
    admin.createTopic(NewTopic.of("orders", 2));
    assertThatThrownBy(() -> admin.createTopic(NewTopic.of("orders", 2)))
        .isInstanceOf(TopicExistsException.class)
        .hasMessageContaining("orders");
    assertThatThrownBy(() -> admin.describeTopic("missing"))
        .isInstanceOf(UnknownTopicOrPartitionException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> admin.addPartitions("orders", 1))
        .isInstanceOf(InvalidPartitionsException.class);
    assertThatThrownBy(() -> admin.alterConfigs("orders", Map.of("no.such.config", "1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("no.such.config");
  }

  @Test
  void offsetsAreLookedUpByPosition() throws Exception {
    admin.createTopic(NewTopic.of("events", 1));
    TopicPartition p0 = new TopicPartition("events", 0);
    assertThat(admin.listOffset(p0, OffsetSpec.latest()).offset()).isZero();
    try (Producer producer =
        Producer.builder().bootstrap(broker.url()).enableIdempotence(false).build()) {
      for (int i = 0; i < 3; i++) {
        RecordMetadata md =
            producer
                .send(ProducerRecord.ofStrings("events", "v" + i).withTimestamp(1_000L * (i + 1)))
                .get();
        assertThat(md.offset()).isEqualTo(i);
      }
    }
    assertThat(admin.listOffset(p0, OffsetSpec.earliest()).offset()).isZero();
    assertThat(admin.listOffset(p0, OffsetSpec.latest()).offset()).isEqualTo(3);
    ListedOffset atTwoSeconds = admin.listOffset(p0, OffsetSpec.forTimestamp(2_000));
    assertThat(atTwoSeconds).isEqualTo(new ListedOffset(1, 2_000L));
  }

  @Test
  void groupsAreListedDescribedResetAndDeleted() throws Exception {
    admin.createTopic(NewTopic.of("orders", 2));
    try (Producer producer =
        Producer.builder().bootstrap(broker.url()).enableIdempotence(false).build()) {
      for (int i = 0; i < 4; i++) {
        assertThat(
                producer
                    .send(ProducerRecord.ofStrings("orders", "v" + i).withPartition(i % 2))
                    .get())
            .isNotNull();
      }
    }
    TopicPartition p0 = new TopicPartition("orders", 0);
    TopicPartition p1 = new TopicPartition("orders", 1);
    Consumer consumer =
        Consumer.builder()
            .bootstrap(broker.url())
            .groupId("billing")
            .clientId("billing-1")
            .autoOffsetReset(AutoOffsetReset.EARLIEST)
            .enableAutoCommit(false)
            .build();
    try (consumer) {
      consumer.subscribe(List.of("orders"));
      consumer.poll(java.time.Duration.ofMillis(100));
      consumer.commitSync(Map.of(p0, OffsetAndMetadata.of(2), p1, OffsetAndMetadata.of(1)));

      GroupDescription live = admin.describeGroup("billing");
      assertThat(live.members())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.clientId()).isEqualTo("billing-1");
                assertThat(m.assignment()).containsExactlyInAnyOrder(p0, p1);
              });
      assertThat(live.offsets().get(p1).lag()).hasValue(1);
      assertThat(live.totalLag()).isEqualTo(1);
      assertThatThrownBy(
              () -> admin.resetOffsets("billing", "orders", OffsetSpec.earliest(), List.of()))
          .isInstanceOf(NonEmptyGroupException.class);
      assertThatThrownBy(() -> admin.deleteGroup("billing"))
          .isInstanceOf(NonEmptyGroupException.class);
    }

    assertThat(admin.listGroups())
        .filteredOn(g -> g.groupId().equals("billing"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.state()).isEqualToIgnoringCase("Empty");
              assertThat(g.members()).isZero();
            });
    admin.resetOffsets("billing", "orders", OffsetSpec.offset(1), List.of(0));
    assertThat(admin.describeGroup("billing").offsets().get(p0).committed()).hasValue(1);
    admin.resetOffsets("billing", "orders", OffsetSpec.earliest(), List.of());
    assertThat(admin.describeGroup("billing").totalLag()).isEqualTo(4);

    admin.deleteGroup("billing");
    assertThat(admin.listGroups()).extracting(GroupListing::groupId).doesNotContain("billing");
  }
}
