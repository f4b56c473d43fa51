package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.TopicPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer's poll sent ahead, against a real broker (through a proxy that counts polls and can
 * hold their answers): records come once and in order, commits and positions count only returned
 * records, a rebalance never hands out a revoked partition's record, and a seek undoes what was
 * fetched ahead.
 */
@ParameterizedClass(name = "record batches: {0}")
@ValueSource(booleans = {true, false})
class ConsumerPrefetchTest {
  /** Whether the client reads record batches (the default) or JSON. */
  @Parameter boolean recordBatches;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private TestBroker broker;
  private Admin admin;
  private FaultyProxy proxy;
  private final List<Consumer> consumers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.start(dataDir);
    admin = Admin.builder().bootstrap(broker.url()).build();
    proxy = new FaultyProxy(broker.url());
  }

  @AfterEach
  void stop() {
    proxy.release();
    consumers.forEach(Consumer::close);
    proxy.close();
    admin.close();
    broker.close();
  }

  private Consumer.Builder consumer(String group) {
    return Consumer.builder()
        .bootstrap(proxy.url())
        .groupId(group)
        .autoOffsetReset(AutoOffsetReset.EARLIEST)
        .recordBatches(recordBatches);
  }

  private Consumer track(Consumer c) {
    consumers.add(c);
    return c;
  }

  /**
   * Sends {@code count} records, flushing after each hundred: batches of at most 100 records, so
   * that with {@code max.poll.records} 100 an answer of whole batches holds what one poll returns,
   * and record batches and JSON take the same turns.
   */
  private void produce(String topic, int count) throws Exception {
    try (Producer producer = Producer.builder().bootstrap(broker.url()).lingerMs(5).build()) {
      List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(producer.send(ProducerRecord.ofStrings(topic, "k" + i, "v" + i)));
        if (i % 100 == 99) {
          producer.flush();
        }
      }
      for (CompletableFuture<RecordMetadata> f : sent) {
        f.get();
      }
    }
  }

  /** Polls until a poll returns records, and returns them. */
  private ConsumerRecords pollSome(Consumer c) {
    AtomicReference<ConsumerRecords> got = new AtomicReference<>();
    TestBroker.await(
        WAIT,
        "records",
        () -> {
          ConsumerRecords batch = c.poll(Duration.ofMillis(200));
          got.set(batch);
          return !batch.isEmpty();
        });
    return got.get();
  }

  /**
   * Waits, without calling the consumer, until the poll it sent ahead when its last poll returned
   * records has been answered: the broker's position is then past records not returned yet.
   */
  private static void awaitPrefetchAnswered(Consumer c) {
    TestBroker.await(WAIT, "the poll sent ahead", c::pollAheadAnswered);
  }

  private static long last(ConsumerRecords batch) {
    long last = -1;
    for (ConsumerRecord r : batch) {
      last = r.offset();
    }
    return last;
  }

  @Test
  void everyRecordComesOnceAndInOrderWhileTheNextPollIsFetchedAhead() throws Exception {
    admin.createTopic(NewTopic.of("stream", 3));
    produce("stream", 20_000);
    Consumer c = track(consumer("readers").enableAutoCommit(false).maxPollRecords(200).build());
    c.subscribe(List.of("stream"));

    Map<TopicPartition, List<Long>> seen =
        new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
    ConsumerRecords first = pollSome(c);
    first.forEach(
        r -> seen.computeIfAbsent(r.topicPartition(), tp -> new ArrayList<>()).add(r.offset()));
    // With no further call, the next poll request goes out and is answered.
    awaitPrefetchAnswered(c);
    int total = first.count();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (total < 20_000 && System.nanoTime() < deadline) {
      for (ConsumerRecord r : c.poll(Duration.ofMillis(500))) {
        assertThat(c.assignment()).contains(r.topicPartition());
        seen.computeIfAbsent(r.topicPartition(), tp -> new ArrayList<>()).add(r.offset());
        total++;
      }
    }
    assertThat(total).isEqualTo(20_000);
    assertThat(c.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
    long stored = 0;
    for (TopicDescription.PartitionDescription p : admin.describeTopic("stream").partitions()) {
      TopicPartition tp = new TopicPartition("stream", p.partition());
      List<Long> expected = LongStream.range(0, p.highWatermark()).boxed().toList();
      assertThat(seen.getOrDefault(tp, List.of())).as(tp.toString()).isEqualTo(expected);
      stored += p.highWatermark();
    }
    assertThat(stored).isEqualTo(20_000);
  }

  @Test
  void aRecordBatchAnswerServesManyPollsAndAJsonAnswerOne() throws Exception {
    admin.createTopic(NewTopic.of("bulk", 1));
    produce("bulk", 3_000);
    Consumer c =
        track(consumer("bulk-readers").enableAutoCommit(false).maxPollRecords(100).build());
    c.subscribe(List.of("bulk"));
    List<Long> offsets = readFrom(c, 3_000);
    assertThat(offsets).isEqualTo(LongStream.range(0, 3_000).boxed().toList());
    int polls = proxy.pollRequests();
    if (recordBatches) {
      // 3,000 small records are far under maxPollBytes: one answer, then the poll sent ahead.
      assertThat(polls).as("poll requests").isLessThanOrEqualTo(5);
    } else {
      assertThat(polls).as("poll requests").isGreaterThanOrEqualTo(30);
    }
  }

  @Test
  void aConsumerThatCaughtUpSendsNoPollAheadAndStillGetsTheNextRecord() throws Exception {
    admin.createTopic(NewTopic.of("trickle", 1));
    produce("trickle", 10);
    Consumer c = track(consumer("tricklers").enableAutoCommit(false).build());
    c.subscribe(List.of("trickle"));
    assertThat(readFrom(c, 10)).isEqualTo(LongStream.range(0, 10).boxed().toList());
    // A record-batch answer shows the partition at its high watermark: a poll sent ahead would
    // come back empty. A JSON answer does not show it.
    assertThat(c.sentPollAhead()).isEqualTo(!recordBatches);
    awaitPrefetchAnswered(c);
    int polls = proxy.pollRequests();
    Thread.sleep(300);
    assertThat(proxy.pollRequests())
        .as("poll requests while the application works")
        .isEqualTo(polls);
    produce("trickle", 1);
    assertThat(readFrom(c, 1)).containsExactly(10L);
  }

  @Test
  void aCommitAfterPartialProcessingResumesAfterTheLastReturnedRecord() throws Exception {
    admin.createTopic(NewTopic.of("ledger", 1));
    produce("ledger", 1_000);
    TopicPartition p0 = new TopicPartition("ledger", 0);
    Consumer c = track(consumer("bookkeepers").enableAutoCommit(false).maxPollRecords(100).build());
    c.subscribe(List.of("ledger"));
    long lastReturned = -1;
    while (lastReturned < 250) {
      lastReturned = Math.max(lastReturned, last(pollSome(c)));
    }
    awaitPrefetchAnswered(c);
    // The broker has answered the poll sent ahead: its position is 100 records further on.
    assertThat(c.position(p0)).isEqualTo(lastReturned + 1);
    c.commitSync();
    assertThat(c.committed(Set.of(p0)).get(p0).offset()).isEqualTo(lastReturned + 1);
    c.close();

    Consumer next = track(consumer("bookkeepers").enableAutoCommit(false).build());
    next.subscribe(List.of("ledger"));
    assertThat(pollSome(next).iterator().next().offset()).isEqualTo(lastReturned + 1);
  }

  @Test
  void autoCommitCommitsOnlyWhatThePreviousPollsReturned() throws Exception {
    admin.createTopic(NewTopic.of("ledger", 1));
    produce("ledger", 1_000);
    TopicPartition p0 = new TopicPartition("ledger", 0);
    Consumer c = track(consumer("auditors").enableAutoCommit(true).maxPollRecords(100).build());
    c.subscribe(List.of("ledger"));
    long lastReturned = -1;
    while (lastReturned < 450) {
      ConsumerRecords batch = pollSome(c);
      long firstOfBatch = batch.iterator().next().offset();
      awaitPrefetchAnswered(c);
      // This batch is being processed, and the next one fetched: neither may be committed yet.
      OffsetAndMetadata committed = c.committed(Set.of(p0)).get(p0);
      if (committed != null) {
        assertThat(committed.offset()).isLessThanOrEqualTo(firstOfBatch);
      }
      lastReturned = last(batch);
    }
    c.close();
    assertThat(admin.describeGroup("auditors").offsets().get(p0).committed())
        .hasValue(lastReturned + 1);

    Consumer next = track(consumer("auditors").build());
    next.subscribe(List.of("ledger"));
    assertThat(pollSome(next).iterator().next().offset()).isEqualTo(lastReturned + 1);
  }

  @Test
  void aRebalanceNeverHandsOutARevokedPartitionsRecordAndLosesNone() throws Exception {
    admin.createTopic(NewTopic.of("jobs", 4));
    produce("jobs", 4_000);
    Map<String, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
    Consumer c1 = track(consumer("workers").clientId("one").maxPollRecords(50).build());
    Consumer c2 = track(consumer("workers").clientId("two").maxPollRecords(50).build());
    c1.subscribe(List.of("jobs"), tracking("one", owned));
    Map<TopicPartition, List<Long>> byOne = new HashMap<>();
    Map<TopicPartition, List<Long>> byTwo = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      take(c1, pollSome(c1), owned.get("one"), byOne);
    }
    assertThat(c1.assignment()).hasSize(4);

    c2.subscribe(List.of("jobs"), tracking("two", owned));
    TestBroker.await(
        WAIT,
        "every record, with the partitions shared",
        () -> {
          take(c1, c1.poll(Duration.ofMillis(20)), owned.get("one"), byOne);
          take(c2, c2.poll(Duration.ofMillis(20)), owned.get("two"), byTwo);
          return c1.assignment().size() == 2
              && c2.assignment().size() == 2
              && count(byOne) + count(byTwo) >= 4_000;
        });

    for (TopicDescription.PartitionDescription p : admin.describeTopic("jobs").partitions()) {
      TopicPartition tp = new TopicPartition("jobs", p.partition());
      List<Long> all = new ArrayList<>(byOne.getOrDefault(tp, List.of()));
      all.addAll(byTwo.getOrDefault(tp, List.of()));
      // Revoked partitions were committed as far as they were returned: the new owner goes on
      // from there, so nothing is lost and, here, nothing is read twice either.
      assertThat(all.stream().sorted().toList())
          .as(tp.toString())
          .isEqualTo(LongStream.range(0, p.highWatermark()).boxed().toList());
    }
  }

  private static ConsumerRebalanceListener tracking(
      String name, Map<String, Set<TopicPartition>> owned) {
    Set<TopicPartition> mine = ConcurrentHashMap.newKeySet();
    owned.put(name, mine);
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        mine.removeAll(partitions);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        mine.addAll(partitions);
      }
    };
  }

  /** Checks that every record is of a partition the consumer owns, in order, and keeps it. */
  private static void take(
      Consumer c,
      ConsumerRecords batch,
      Set<TopicPartition> listenerOwned,
      Map<TopicPartition, List<Long>> into) {
    for (ConsumerRecord r : batch) {
      TopicPartition tp = r.topicPartition();
      assertThat(c.assignment()).as("returned " + tp + "-" + r.offset()).contains(tp);
      assertThat(listenerOwned).as("returned " + tp + "-" + r.offset()).contains(tp);
      List<Long> offsets = into.computeIfAbsent(tp, k -> new ArrayList<>());
      if (!offsets.isEmpty()) {
        assertThat(r.offset()).as(tp.toString()).isEqualTo(offsets.getLast() + 1);
      }
      offsets.add(r.offset());
    }
  }

  private static int count(Map<TopicPartition, List<Long>> seen) {
    return seen.values().stream().mapToInt(List::size).sum();
  }

  @Test
  void aSeekDropsWhatWasFetchedAheadAndReadsFromTheSoughtOffset() throws Exception {
    admin.createTopic(NewTopic.of("replay", 1));
    produce("replay", 1_000);
    TopicPartition p0 = new TopicPartition("replay", 0);
    // With record batches, maxPollBytes 1 makes an answer one batch (100 records), what one poll
    // returns, as a JSON answer is: a poll sent ahead is then on its way with records while the
    // test seeks.
    Consumer c =
        track(
            consumer("replayer")
                .enableAutoCommit(false)
                .maxPollRecords(100)
                .maxPollBytes(recordBatches ? 1 : 1 << 20)
                .build());
    c.subscribe(List.of("replay"));
    assertThat(last(pollSome(c))).isEqualTo(99);
    // The answer with 100..199 has come back and waits in the consumer.
    awaitPrefetchAnswered(c);
    c.seek(p0, 10);
    assertThat(c.position(p0)).isEqualTo(10);
    assertThat(readFrom(c, 150)).isEqualTo(LongStream.range(10, 160).boxed().toList());

    // Now seek while the poll sent ahead is still on its way: the broker has answered it, the
    // proxy holds the answer.
    awaitPrefetchAnswered(c);
    proxy.hold();
    long lastReturned = last(pollSome(c));
    TestBroker.await(WAIT, "a held poll answer", () -> proxy.held() == 1);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread seeker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    c.seek(p0, 500);
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                });
    TestBroker.await(
        WAIT, "the seek to wait for the poll in flight", () -> isWaiting(seeker.getState()));
    proxy.release();
    seeker.join();
    assertThat(failure.get()).isNull();
    assertThat(lastReturned).isLessThan(499);
    assertThat(c.position(p0)).isEqualTo(500);
    assertThat(readFrom(c, 200)).isEqualTo(LongStream.range(500, 700).boxed().toList());
  }

  private static boolean isWaiting(Thread.State state) {
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  private List<Long> readFrom(Consumer c, int count) {
    List<Long> offsets = new ArrayList<>();
    TestBroker.await(
        WAIT,
        count + " records",
        () -> {
          ConsumerRecords batch = c.poll(Duration.ofMillis(200));
          batch.forEach(r -> offsets.add(r.offset()));
          return offsets.size() >= count;
        });
    return offsets.subList(0, count);
  }
}
