package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.UnknownConsumerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer against a real broker: group membership, rebalance callbacks, commits, seeks,
 * rejoining after a broker restart, and single-threaded use.
 */
@ParameterizedClass(name = "record batches: {0}")
@ValueSource(booleans = {true, false})
class ConsumerTest {
  /** Whether the client reads record batches (the default) or JSON. */
  @Parameter boolean recordBatches;

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;
  private final List<Consumer> consumers = new ArrayList<>();

  @BeforeEach
  void start() {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
  }

  @AfterEach
  void stop() {
    consumers.forEach(Consumer::close);
    admin.close();
    broker.close();
  }

  private Consumer.Builder consumer(String group) {
    return Consumer.builder()
        .bootstrap(broker.url())
        .groupId(group)
        .autoOffsetReset(AutoOffsetReset.EARLIEST)
        .recordBatches(recordBatches);
  }

  private Consumer track(Consumer c) {
    consumers.add(c);
    return c;
  }

  private void produce(String topic, int count) throws Exception {
    try (Producer producer =
        Producer.builder().bootstrap(broker.url()).enableIdempotence(false).build()) {
      List<java.util.concurrent.CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings(topic, "k" + i, "v" + i)));
      }
      for (var f : sent) {
        f.get();
      }
    }
  }

  private static List<ConsumerRecord> pollUntil(Consumer c, int count) {
    List<ConsumerRecord> out = new ArrayList<>();
    TestBroker.await(
        WAIT,
        count + " records",
        () -> {
          c.poll(Duration.ofMillis(200)).forEach(out::add);
          return out.size() >= count;
        });
    return out;
  }

  /** Records what the listener was told, in order. */
  private static final class Recorder implements ConsumerRebalanceListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Set<TopicPartition> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      events.add("revoked " + sorted(partitions));
      owned.removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      events.add("assigned " + sorted(partitions));
      owned.addAll(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      events.add("lost " + sorted(partitions));
      owned.removeAll(partitions);
    }

    private static List<String> sorted(Collection<TopicPartition> ps) {
      return ps.stream().map(TopicPartition::toString).sorted().toList();
    }
  }

  @Test
  void readsEverythingCommitsAndASecondMemberOfTheGroupResumesAfterIt() throws Exception {
    admin.createTopic(NewTopic.of("orders", 2));
    produce("orders", 20);
    Consumer first = track(consumer("billing").enableAutoCommit(false).build());
    first.subscribe(List.of("orders"));
    List<ConsumerRecord> read = pollUntil(first, 20);
    assertThat(read).extracting(ConsumerRecord::valueAsString).hasSize(20).doesNotHaveDuplicates();
    for (TopicPartition tp : first.assignment()) {
      List<Long> offsets =
          read.stream()
              .filter(r -> r.topicPartition().equals(tp))
              .map(ConsumerRecord::offset)
              .toList();
      assertThat(offsets).isSorted();
      assertThat(first.position(tp)).isEqualTo(offsets.getLast() + 1);
    }
    first.commitSync();
    GroupDescription group = admin.describeGroup("billing");
    assertThat(group.members()).hasSize(1);
    assertThat(group.totalLag()).isZero();
    first.close();
    assertThat(admin.describeGroup("billing").members()).as("close leaves the group").isEmpty();

    produce("orders", 4);
    Consumer second = track(consumer("billing").build());
    second.subscribe(List.of("orders"));
    assertThat(pollUntil(second, 4))
        .extracting(ConsumerRecord::valueAsString)
        .containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
  }

  @Test
  void autoCommitCommitsWhatWasReturnedWhenTheConsumerCloses() throws Exception {
    admin.createTopic(NewTopic.of("events", 1));
    produce("events", 5);
    try (Consumer c = consumer("auto").enableAutoCommit(true).build()) {
      c.subscribe(List.of("events"));
      pollUntil(c, 5);
    }
    GroupDescription group = admin.describeGroup("auto");
    assertThat(group.offsets().get(new TopicPartition("events", 0)).committed()).hasValue(5);
  }

  /** Sends {@code count} records as one batch: the producer lingers until it is flushed. */
  private void produceOneBatch(String topic, int count) throws Exception {
    try (Producer producer =
        Producer.builder().bootstrap(broker.url()).lingerMs(60_000).batchSize(1 << 20).build()) {
      List<java.util.concurrent.CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings(topic, "k" + i, "v" + i)));
      }
      producer.flush();
      for (int i = 0; i < count; i++) {
        assertThat(sent.get(i).get().offset()).isEqualTo(i);
      }
    }
  }

  @Test
  void aPollReturnsAtMostMaxPollRecordsOfABatchAndCommitsOnlyWhatItReturned() throws Exception {
    admin.createTopic(NewTopic.of("big", 1));
    produceOneBatch("big", 50);
    TopicPartition tp = new TopicPartition("big", 0);
    try (Consumer c = consumer("pages").enableAutoCommit(false).maxPollRecords(7).build()) {
      c.subscribe(List.of("big"));
      List<ConsumerRecord> first = pollUntil(c, 1);
      assertThat(first)
          .extracting(ConsumerRecord::offset)
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(c.position(tp)).isEqualTo(7);
      assertThat(c.poll(WAIT))
          .extracting(ConsumerRecord::offset)
          .containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L);
      c.commitSync();
      assertThat(c.committed(Set.of(tp)).get(tp).offset())
          .as("what polls returned, not what the broker sent")
          .isEqualTo(14);

      c.seek(tp, 3);
      assertThat(c.poll(WAIT))
          .as("a seek drops what was fetched and not returned")
          .extracting(ConsumerRecord::offset)
          .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
      List<ConsumerRecord> rest = pollUntil(c, 40);
      assertThat(rest).extracting(ConsumerRecord::offset).startsWith(10L).endsWith(49L).hasSize(40);
    }
  }

  @Test
  void aPartitionThatMovesWhileRecordsAreKeptIsReadOnceWithoutGapsByItsNextOwner()
      throws Exception {
    admin.createTopic(NewTopic.of("moving", 2));
    try (Producer producer =
        Producer.builder().bootstrap(broker.url()).lingerMs(60_000).batchSize(1 << 20).build()) {
      List<java.util.concurrent.CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      // Batches of 5 records per partition: a kept batch outlasts a poll of 3 but not many, so
      // the first member learns of the rebalance (its next request) while records remain.
      for (int i = 0; i < 60; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings("moving", "v" + i).withPartition(i % 2)));
        if (i % 10 == 9) {
          producer.flush();
        }
      }
      for (var f : sent) {
        f.get();
      }
    }
    // maxPollBytes 1: an answer holds one batch per partition (at least one batch always
    // comes), not everything stored, so records remain to be read when the rebalance comes.
    Consumer c1 =
        track(
            consumer("movers")
                .assignor(GroupAssignor.COOPERATIVE_STICKY)
                .enableAutoCommit(true)
                .maxPollRecords(3)
                .maxPollBytes(1)
                .build());
    c1.subscribe(List.of("moving"));
    List<ConsumerRecord> read = new ArrayList<>(pollUntil(c1, 6));
    Consumer c2 =
        track(
            consumer("movers")
                .assignor(GroupAssignor.COOPERATIVE_STICKY)
                .enableAutoCommit(true)
                .maxPollRecords(3)
                .build());
    c2.subscribe(List.of("moving"));
    TestBroker.await(
        WAIT,
        "all 60 records between the two members",
        () -> {
          c1.poll(Duration.ofMillis(50)).forEach(read::add);
          c2.poll(Duration.ofMillis(50)).forEach(read::add);
          return read.size() >= 60;
        });
    assertThat(c2.assignment()).as("the second member took a partition").hasSize(1);
    assertThat(read)
        .extracting(r -> r.partition() + "@" + r.offset())
        .as("each record once: the next owner starts where the first stopped returning")
        .doesNotHaveDuplicates()
        .hasSize(60);
  }

  @Test
  void autoCommitOnCloseCommitsWhatPollsReturnedNotWhatWasFetched() throws Exception {
    admin.createTopic(NewTopic.of("paged", 1));
    produceOneBatch("paged", 30);
    try (Consumer c = consumer("auto-paged").enableAutoCommit(true).maxPollRecords(4).build()) {
      c.subscribe(List.of("paged"));
      assertThat(pollUntil(c, 1)).hasSize(4);
    }
    GroupDescription group = admin.describeGroup("auto-paged");
    assertThat(group.offsets().get(new TopicPartition("paged", 0)).committed()).hasValue(4);
  }

  @Test
  void partitionsMoveBetweenMembersAndTheListenersAreTold() throws Exception {
    admin.createTopic(NewTopic.of("jobs", 4));
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    Consumer c1 = track(consumer("workers").assignor(GroupAssignor.COOPERATIVE_STICKY).build());
    Consumer c2 = track(consumer("workers").assignor(GroupAssignor.COOPERATIVE_STICKY).build());
    c1.subscribe(List.of("jobs"), r1);
    c1.poll(Duration.ofMillis(100));
    assertThat(c1.assignment()).hasSize(4);
    assertThat(r1.owned).isEqualTo(c1.assignment());

    c2.subscribe(List.of("jobs"), r2);
    TestBroker.await(
        WAIT,
        "two partitions each",
        () -> {
          c1.poll(Duration.ofMillis(50));
          c2.poll(Duration.ofMillis(50));
          return c1.assignment().size() == 2 && c2.assignment().size() == 2;
        });
    assertThat(r1.owned).isEqualTo(c1.assignment());
    assertThat(r2.owned).isEqualTo(c2.assignment());
    Set<TopicPartition> union = new HashSet<>(c1.assignment());
    union.addAll(c2.assignment());
    assertThat(union).hasSize(4);
    assertThat(r1.events).anyMatch(e -> e.startsWith("revoked"));

    c2.close();
    TestBroker.await(
        WAIT,
        "the leaver's partitions to come back",
        () -> {
          c1.poll(Duration.ofMillis(50));
          return c1.assignment().size() == 4;
        });
    assertThat(r2.events.getLast()).startsWith("revoked");
    assertThat(r1.owned).hasSize(4);
  }

  @Test
  void seekMovesThePositionNotTheCommittedOffset() throws Exception {
    admin.createTopic(NewTopic.of("replay", 1));
    produce("replay", 10);
    TopicPartition p0 = new TopicPartition("replay", 0);
    Consumer c = track(consumer("replayer").enableAutoCommit(false).build());
    c.subscribe(List.of("replay"));
    pollUntil(c, 10);
    c.commitSync(Map.of(p0, OffsetAndMetadata.of(10)));

    c.seek(p0, 7);
    assertThat(c.position(p0)).isEqualTo(7);
    assertThat(pollUntil(c, 3)).extracting(ConsumerRecord::offset).containsExactly(7L, 8L, 9L);

    c.seekToBeginning(List.of());
    assertThat(c.position(p0)).isZero();
    assertThat(pollUntil(c, 10).getFirst().offset()).isZero();

    c.seekToEnd(List.of(p0));
    assertThat(c.position(p0)).isEqualTo(10);
    assertThat(c.committed(Set.of(p0)).get(p0).offset()).isEqualTo(10);
    assertThatThrownBy(() -> c.seek(new TopicPartition("replay", 3), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replay-3");
  }

  @Test
  void commitAsyncReportsOnTheConsumersThread() throws Exception {
    admin.createTopic(NewTopic.of("events", 1));
    produce("events", 3);
    Consumer c = track(consumer("async").enableAutoCommit(false).build());
    c.subscribe(List.of("events"));
    pollUntil(c, 3);
    AtomicReference<Thread> calledOn = new AtomicReference<>();
    AtomicReference<RuntimeException> outcome = new AtomicReference<>();
    c.commitAsync(
        (offsets, e) -> {
          calledOn.set(Thread.currentThread());
          outcome.set(e);
        });
    TestBroker.await(
        WAIT,
        "the commit callback",
        () -> {
          c.poll(Duration.ofMillis(50));
          return calledOn.get() != null;
        });
    assertThat(calledOn.get()).isSameAs(Thread.currentThread());
    assertThat(outcome.get()).isNull();
    assertThat(
            admin.describeGroup("async").offsets().get(new TopicPartition("events", 0)).committed())
        .hasValue(3);
  }

  @Test
  void afterABrokerRestartThePartitionsAreLostAndTheConsumerRejoins() throws Exception {
    admin.createTopic(NewTopic.of("orders", 2));
    produce("orders", 6);
    Recorder recorder = new Recorder();
    Consumer c = track(consumer("survivor").enableAutoCommit(false).build());
    c.subscribe(List.of("orders"), recorder);
    pollUntil(c, 6);
    c.commitSync();

    broker.restart();
    produce("orders", 4);
    List<ConsumerRecord> after = pollUntil(c, 4);
    assertThat(after)
        .extracting(ConsumerRecord::valueAsString)
        .containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
    assertThat(recorder.events).anyMatch(e -> e.startsWith("lost"));
    assertThat(recorder.owned).isEqualTo(c.assignment()).hasSize(2);
  }

  @Test
  void anEvictedMemberIsToldItsPartitionsWereLostAndRejoins() throws Exception {
    admin.createTopic(NewTopic.of("orders", 1));
    Recorder recorder = new Recorder();
    Consumer c =
        track(
            consumer("slow").sessionTimeout(Duration.ofSeconds(1)).enableAutoCommit(false).build());
    c.subscribe(List.of("orders"), recorder);
    c.poll(Duration.ofMillis(10));
    assertThat(c.assignment()).hasSize(1);
    // No poll for longer than the session timeout: the broker evicts the member. The group, then
    // empty with nothing committed, may be forgotten before the check runs: that is evicted too.
    TestBroker.await(WAIT, "the eviction", () -> groupHasNoMembers("slow"));

    produce("orders", 1);
    assertThat(pollUntil(c, 1)).extracting(ConsumerRecord::valueAsString).containsExactly("v0");
    assertThat(recorder.events)
        .containsExactly("assigned [orders-0]", "lost [orders-0]", "assigned [orders-0]");
  }

  private boolean groupHasNoMembers(String group) {
    try {
      return admin.describeGroup(group).members().isEmpty();
    } catch (UnknownConsumerException e) {
      return true;
    }
  }

  @Test
  void pollsRideOutABrokerThatIsBrieflyDown() throws Exception {
    admin.createTopic(NewTopic.of("orders", 1));
    produce("orders", 3);
    Consumer c = track(consumer("patient").enableAutoCommit(false).build());
    c.subscribe(List.of("orders"));
    pollUntil(c, 3);
    c.commitSync();

    broker.close();
    assertThat(c.poll(Duration.ofMillis(300)).isEmpty()).isTrue();
    broker.startAgain();
    produce("orders", 2);
    assertThat(pollUntil(c, 2))
        .extracting(ConsumerRecord::valueAsString)
        .containsExactly("v0", "v1");
  }

  @Test
  void aBrokerDownForLongerThanTheSessionTimeoutSurfaces() {
    admin.createTopic(NewTopic.of("orders", 1));
    Consumer c = track(consumer("abandoned").sessionTimeout(Duration.ofSeconds(1)).build());
    c.subscribe(List.of("orders"));
    c.poll(Duration.ofMillis(10));
    broker.close();
    AtomicReference<RuntimeException> surfaced = new AtomicReference<>();
    TestBroker.await(
        WAIT,
        "poll to give up on the broker",
        () -> {
          try {
            c.poll(Duration.ofMillis(200));
            return false;
          } catch (BrokerUnavailableException e) {
            surfaced.set(e);
            return true;
          }
        });
    assertThat(surfaced.get()).hasMessageContaining(broker.url());
  }

  @Test
  void overlappingCallsFromTwoThreadsAreRefused() throws Exception {
    admin.createTopic(NewTopic.of("quiet", 1));
    Consumer c = track(consumer("single").build());
    CountDownLatch insidePoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The listener runs inside poll, on the polling thread: it holds that thread there.
    c.subscribe(
        List.of("quiet"),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            insidePoll.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    AtomicReference<Throwable> pollFailure = new AtomicReference<>();
    Thread poller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    c.poll(Duration.ofMillis(10));
                  } catch (RuntimeException e) {
                    pollFailure.set(e);
                  }
                });
    assertThat(insidePoll.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(c::assignment)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("multi-threaded");
    release.countDown();
    poller.join();
    assertThat(pollFailure.get()).isNull();
    assertThat(c.assignment()).hasSize(1);
  }

  @Test
  void closingWhileTheBrokerIsDownStillClosesTheConsumer() {
    admin.createTopic(NewTopic.of("t", 1));
    Recorder recorder = new Recorder();
    Consumer c = consumer("orphan").enableAutoCommit(false).build();
    c.subscribe(List.of("t"), recorder);
    c.poll(Duration.ofMillis(10));
    broker.close();
    c.close();
    assertThat(recorder.events.getLast()).isEqualTo("revoked [t-0]");
    assertThatThrownBy(() -> c.poll(Duration.ZERO)).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void aClosedConsumerRefusesCalls() {
    Consumer c = consumer("closed").build();
    c.close();
    c.close();
    assertThatThrownBy(() -> c.subscribe(List.of("t")))
        .isInstanceOf(ClientClosedException.class)
        .hasMessageContaining("closed");
  }
}
