package dev.minikafka.client;

import dev.minikafka.client.internal.AdminApi;
import dev.minikafka.client.internal.ConnectionSettings;
import dev.minikafka.client.internal.MemberApi;
import dev.minikafka.client.internal.PrefetchedPoll;
import dev.minikafka.client.internal.SingleThreadGuard;
import dev.minikafka.client.internal.Transport;
import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads records as a member of a consumer group, over the broker's {@code /v1} HTTP API, the way
 * Kafka's consumer does: {@link #subscribe} to topics, then {@link #poll} in a loop; the broker
 * assigns partitions to the group's members and moves them as members come and go.
 *
 * <pre>{@code
 * try (Consumer consumer = Consumer.builder()
 *     .bootstrap("http://127.0.0.1:8000").groupId("billing")
 *     .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
 *   consumer.subscribe(List.of("orders"));
 *   while (running) {
 *     for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(1))) {
 *       handle(r.keyAsString(), r.valueAsString());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The member joins on the first poll. Each poll is also the member's heartbeat: poll more often
 * than the session timeout or the broker evicts the member and gives its partitions to others. When
 * the broker no longer knows the member (it restarted, or evicted it), the next poll tells the
 * listener the partitions were lost and joins again, without surfacing an error.
 *
 * <p>Fetching ahead: when a poll returns records, the consumer sends the next poll request at once,
 * on a background thread, so that its answer is usually there when the application polls again (one
 * request in flight at most, as Kafka's consumer keeps a fetch going while the application works).
 * The broker moves the member's positions past the records it answers with; the consumer counts
 * them as consumed only once {@code poll} has returned them: {@link #position}, {@link
 * #commitSync()}, auto-commit and {@link #close()} use the positions of returned records, and
 * commits name their offsets explicitly rather than the broker's positions. Seeks, commits, leaves
 * and close first wait for the request in flight (it never waits for records, so that is one round
 * trip at most); a seek drops its answer's records of the sought partitions.
 *
 * <p>Record batches: polls ask for the broker's stored batches and decode them here (see {@link
 * Builder#recordBatches}). Such an answer is sized by bytes ({@link Builder#maxPollBytes}), as
 * Kafka's fetches are, so it usually holds more records than {@code max.poll.records}; the consumer
 * keeps the rest and returns them, at most {@code max.poll.records} per poll, before it takes the
 * next answer, as Kafka's consumer does. Kept records are not consumed until a poll returns them,
 * and a seek, a revocation or a loss drops those of its partitions.
 *
 * <p>Offsets: with auto-commit (the default) each poll commits what the previous polls returned
 * before it asks for more, and {@link #close()} (or leaving the group) commits what the last one
 * returned (at-least-once). Otherwise commit with {@link #commitSync()} or {@link #commitAsync}; a
 * committed offset is the next one to read.
 *
 * <p>Not thread-safe, like Kafka's consumer: use it from one thread at a time (a different thread
 * per call is fine if the calls do not overlap). Overlapping calls from two threads fail with
 * {@link ConcurrentModificationException}. Rebalance listeners and commit callbacks run on the
 * calling thread, inside {@code poll}, {@code commitSync} or {@code close}.
 */
public final class Consumer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Consumer.class.getName());
  private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private final Transport transport;
  private final MemberApi member;
  private final AdminApi admin;
  private final String groupId;
  private final Settings settings;
  private final ExecutorService asyncCommits = Executors.newVirtualThreadPerTaskExecutor();
  // Runs the poll request sent ahead; one at a time (see prefetch).
  private final ExecutorService prefetcher = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentLinkedQueue<Runnable> completedCommits = new ConcurrentLinkedQueue<>();
  private final List<CompletableFuture<Void>> inflightCommits = new ArrayList<>();

  private final SingleThreadGuard guard = new SingleThreadGuard("Consumer");

  private List<String> subscription = List.of();
  private ConsumerRebalanceListener listener = ConsumerRebalanceListener.noOp();
  private String memberId;
  private int generation;
  // The number of the last poll answer received since the join (0: none; -1: the broker numbers
  // none). Each poll quotes it, so that the broker returns again the records of an answer lost on
  // its way (a timeout, a dropped connection) instead of moving on past them.
  private long lastPollId;
  private boolean lost;
  private final Set<TopicPartition> owned = new LinkedHashSet<>();
  // Past the last record poll returned (or where a seek moved), per partition: the consumed
  // positions. The broker's own positions may be further on, by the records of a prefetch.
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  // Records answered but not yet returned, of owned partitions only, in the answers' order, as
  // the answers' runs of one partition each: a record-batch answer holds whole batches, so it may
  // hold more than one poll returns. The broker's positions are past them; the consumed positions
  // are not. No run here is used up.
  private final ArrayDeque<BufferedRun> buffered = new ArrayDeque<>();
  // The poll request sent ahead of the application, or null. Its answer is processed, in order,
  // by the next poll; nothing else is sent to the member's routes while it is in flight.
  private PrefetchedPoll prefetch;
  // Whether the last answer left records behind at the broker (MemberApi.Polled#more). A consumer
  // that caught up sends no request ahead: it would come back empty, and the next poll would have
  // to ask again, so each record would cost two requests when records trickle in.
  private boolean brokerMayHaveMore = true;
  // The offsets the last auto-commit sent, so that an unchanged position is not sent again.
  private Map<TopicPartition, OffsetAndMetadata> autoCommitted = Map.of();
  // The consumed positions when the current (or last) poll began: what the application has
  // processed, and what auto-commit commits.
  private Map<TopicPartition, OffsetAndMetadata> processed = Map.of();
  private final Map<TopicPartition, OffsetSpec> pendingReset = new HashMap<>();
  private boolean closed;
  // When the broker first failed to answer in a row of failures, on the nano clock; 0: it answers.
  private long unreachableSince;
  private boolean closing;

  private record Settings(
      String clientId,
      AutoOffsetReset autoOffsetReset,
      boolean autoCommit,
      Duration sessionTimeout,
      GroupAssignor assignor,
      int maxPollRecords,
      int maxPollBytes,
      boolean recordBatches) {}

  private Consumer(Transport transport, Duration requestTimeout, String groupId, Settings s) {
    this.transport = transport;
    this.groupId = groupId;
    this.settings = s;
    this.member = new MemberApi(transport, requestTimeout, groupId, s.recordBatches());
    this.admin = new AdminApi(transport, requestTimeout);
  }

  /** A builder with Kafka's defaults; {@link Builder#bootstrap} and the group id are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Subscribes to {@code topics} without a rebalance listener. */
  public void subscribe(Collection<String> topics) {
    subscribe(topics, ConsumerRebalanceListener.noOp());
  }

  /**
   * Subscribes to {@code topics}, replacing the previous subscription. The member joins on the next
   * poll; if it was in the group with other topics, it first gives up its partitions (calling
   * {@code onPartitionsRevoked}) and leaves.
   */
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener rebalanceListener) {
    acquire();
    try {
      ensureOpen();
      Objects.requireNonNull(rebalanceListener, "listener");
      List<String> next = List.copyOf(new LinkedHashSet<>(topics));
      if (next.isEmpty()) {
        throw new IllegalArgumentException("subscribe needs at least one topic; use unsubscribe()");
      }
      next.forEach(TopicNames::validate);
      if (memberId != null
          && !new LinkedHashSet<>(next).equals(new LinkedHashSet<>(subscription))) {
        leaveGroup(settings.autoCommit());
      }
      this.subscription = next;
      this.listener = rebalanceListener;
    } finally {
      release();
    }
  }

  /** Gives up the partitions (calling {@code onPartitionsRevoked}) and leaves the group. */
  public void unsubscribe() {
    acquire();
    try {
      ensureOpen();
      leaveGroup(settings.autoCommit());
      subscription = List.of();
    } finally {
      release();
    }
  }

  /** The subscribed topics. */
  public Set<String> subscription() {
    acquire();
    try {
      return Set.copyOf(subscription);
    } finally {
      release();
    }
  }

  /**
   * Returns records from this member's partitions, waiting up to {@code timeout} when there are
   * none. Joins the group first if needed; calls the rebalance listener when the assignment changes
   * (revoked before assigned). Returns early, possibly empty, when the assignment changes.
   *
   * @throws IllegalStateException when not subscribed
   */
  public ConsumerRecords poll(Duration timeout) {
    acquire();
    try {
      ensureOpen();
      if (subscription.isEmpty()) {
        throw new IllegalStateException("the consumer is not subscribed to any topic");
      }
      runCommitCallbacks();
      // Calling poll again says the application is done with what the last one returned.
      processed = consumedOffsets();
      long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
      while (true) {
        if (lost) {
          partitionsLost();
        }
        if (!buffered.isEmpty()) {
          // What earlier answers held beyond one poll goes first; the answer of the request sent
          // ahead waits until it is handed out (at most maxPollBytes of batches: one answer).
          ConsumerRecords out = handOut();
          startPrefetch();
          return out;
        }
        long waitMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        MemberApi.Polled polled;
        try {
          if (memberId == null) {
            join();
          }
          polled = nextAnswer(Duration.ofMillis(Math.min(waitMs, 300_000)));
          unreachableSince = 0;
        } catch (UnknownMemberIdException e) {
          // Rejoined on the next turn, or by the next poll when this one's time is up.
          lost = true;
          if (System.nanoTime() - deadline >= 0) {
            return ConsumerRecords.empty();
          }
          continue;
        } catch (MiniKafkaClientException e) {
          if (!outlast(e, deadline)) {
            return ConsumerRecords.empty();
          }
          continue;
        }
        lastPollId = polled.pollId();
        generation = polled.generation();
        brokerMayHaveMore = polled.more();
        boolean changed = applyAssignment(polled.assignment());
        for (MemberApi.Run run : polled.runs()) {
          // The broker returns none of a revoked partition; this holds even if it did.
          if (owned.contains(run.partition())) {
            buffered.add(new BufferedRun(run.partition(), run.records()));
          }
        }
        if (!buffered.isEmpty()) {
          ConsumerRecords out = handOut();
          // Records flow: ask for more while the application works on these. Only now, after
          // the listener has run, since this request releases the partitions revoked above.
          startPrefetch();
          return out;
        }
        if (changed || System.nanoTime() - deadline >= 0) {
          return ConsumerRecords.empty();
        }
      }
    } finally {
      release();
    }
  }

  /**
   * Takes up to {@code max.poll.records} buffered records and moves the consumed positions past
   * them.
   */
  private ConsumerRecords handOut() {
    // Whole slices of runs, not record by record: a poll costs per partition, plus one copy of
    // references per slice (so that a result does not keep the rest of its answer alive).
    Map<TopicPartition, List<ConsumerRecord>> out = new LinkedHashMap<>();
    int left = settings.maxPollRecords();
    while (left > 0 && !buffered.isEmpty()) {
      BufferedRun run = buffered.peek();
      int n = Math.min(left, run.records.size() - run.next);
      List<ConsumerRecord> slice = run.records.subList(run.next, run.next + n);
      List<ConsumerRecord> to = out.get(run.partition);
      if (to == null) {
        out.put(run.partition, new ArrayList<>(slice));
      } else {
        to.addAll(slice);
      }
      pendingReset.remove(run.partition);
      positions.put(run.partition, slice.getLast().offset() + 1);
      run.next += n;
      left -= n;
      if (run.next == run.records.size()) {
        buffered.poll();
      }
    }
    return ConsumerRecords.ofOwnLists(out);
  }

  /** Drops the buffered records of {@code partitions} (sought, revoked or lost). */
  private void dropBuffered(Collection<TopicPartition> partitions) {
    if (!buffered.isEmpty()) {
      buffered.removeIf(run -> partitions.contains(run.partition));
    }
  }

  /**
   * A run of one partition's records from an answer, handed out from {@code next} on. Confined to
   * the consumer's thread, as {@link #buffered} is.
   */
  private static final class BufferedRun {
    final TopicPartition partition;
    final List<ConsumerRecord> records;
    int next;

    BufferedRun(TopicPartition partition, List<ConsumerRecord> records) {
      this.partition = partition;
      this.records = records;
    }
  }

  /**
   * Commits the positions of the records polls have returned (not those fetched ahead), and waits
   * for the broker to store them.
   */
  public void commitSync() {
    acquire();
    try {
      ensureOpen();
      runCommitCallbacks();
      if (memberId != null) {
        settlePrefetch();
        Map<TopicPartition, OffsetAndMetadata> offsets = consumedOffsets();
        if (!offsets.isEmpty()) {
          commitNow(offsets);
        }
      }
    } finally {
      release();
    }
  }

  /**
   * Commits {@code offsets} (each the next offset to read), and waits for the broker to store them.
   * Only partitions this member owns may be committed.
   */
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    acquire();
    try {
      ensureOpen();
      runCommitCallbacks();
      requireMember("commit");
      settlePrefetch();
      commitNow(Map.copyOf(offsets));
    } finally {
      release();
    }
  }

  /**
   * Commits the positions of the records polls have returned without waiting; {@code callback} (may
   * be null) runs inside a later {@code poll}, {@code commitSync} or {@code close}.
   */
  public void commitAsync(OffsetCommitCallback callback) {
    Map<TopicPartition, OffsetAndMetadata> offsets;
    acquire();
    try {
      ensureOpen();
      offsets = consumedOffsets();
    } finally {
      release();
    }
    commitAsync(offsets, callback);
  }

  /** Commits {@code offsets} without waiting; see {@link #commitAsync(OffsetCommitCallback)}. */
  public void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    acquire();
    try {
      ensureOpen();
      runCommitCallbacks();
      if (memberId == null) {
        if (!offsets.isEmpty() && callback != null) {
          RuntimeException e = new IllegalStateException("the consumer has not joined its group");
          completedCommits.add(() -> callback.onComplete(offsets, e));
        }
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
      if (copy.isEmpty()) {
        // Nothing to commit. Never an empty list, which the broker reads as "the member's
        // positions", and those include the records fetched ahead.
        if (callback != null) {
          completedCommits.add(() -> callback.onComplete(copy, null));
        }
        return;
      }
      String id = memberId;
      int gen = generation;
      inflightCommits.removeIf(CompletableFuture::isDone);
      inflightCommits.add(
          CompletableFuture.runAsync(
              () -> {
                RuntimeException failure = null;
                try {
                  member.commit(id, gen, copy);
                } catch (RuntimeException e) {
                  failure = e;
                }
                RuntimeException outcome = failure;
                if (callback != null) {
                  completedCommits.add(() -> callback.onComplete(copy, outcome));
                }
              },
              asyncCommits));
    } finally {
      release();
    }
  }

  /**
   * Moves this member's position in {@code partition} to {@code offset}; the next poll reads from
   * there. The committed offset does not change.
   */
  public void seek(TopicPartition partition, long offset) {
    acquire();
    try {
      ensureOpen();
      requireOwned(List.of(partition));
      discardAhead(List.of(partition));
      dropBuffered(List.of(partition));
      Map<TopicPartition, Long> moved = member.seek(memberId, partition, offset);
      positions.put(partition, moved.getOrDefault(partition, offset));
      pendingReset.remove(partition);
    } finally {
      release();
    }
  }

  /** Moves to the first stored offset of each partition (all owned ones when empty). */
  public void seekToBeginning(Collection<TopicPartition> partitions) {
    seekTo(partitions, "beginning", OffsetSpec.earliest());
  }

  /** Moves past the last record of each partition (all owned ones when empty). */
  public void seekToEnd(Collection<TopicPartition> partitions) {
    seekTo(partitions, "end", OffsetSpec.latest());
  }

  private void seekTo(Collection<TopicPartition> partitions, String to, OffsetSpec spec) {
    acquire();
    try {
      ensureOpen();
      Collection<TopicPartition> targets = partitions.isEmpty() ? List.copyOf(owned) : partitions;
      requireOwned(targets);
      if (targets.isEmpty()) {
        return;
      }
      discardAhead(targets);
      dropBuffered(targets);
      Map<TopicPartition, Long> moved = member.seekTo(memberId, targets, to);
      for (TopicPartition tp : targets) {
        Long at = moved.get(tp);
        if (at != null) {
          positions.put(tp, at);
          pendingReset.remove(tp);
        } else {
          // The broker did not say where: look it up when position() is asked.
          positions.remove(tp);
          pendingReset.put(tp, spec);
        }
      }
    } finally {
      release();
    }
  }

  /** The partitions this member owns now. */
  public Set<TopicPartition> assignment() {
    acquire();
    try {
      return Set.copyOf(owned);
    } finally {
      release();
    }
  }

  /**
   * The offset of the next record this member reads from {@code partition}: past the last record
   * polled, or where a seek moved it; before either, the committed offset, else where {@code
   * auto.offset.reset} starts. May ask the broker.
   */
  public long position(TopicPartition partition) {
    acquire();
    try {
      ensureOpen();
      requireOwned(List.of(partition));
      Long known = positions.get(partition);
      if (known != null) {
        return known;
      }
      OffsetSpec reset = pendingReset.get(partition);
      if (reset == null) {
        OffsetAndMetadata committed = committedOffsets(Set.of(partition)).get(partition);
        if (committed != null) {
          return committed.offset();
        }
        reset =
            settings.autoOffsetReset() == AutoOffsetReset.EARLIEST
                ? OffsetSpec.earliest()
                : OffsetSpec.latest();
      }
      return admin.listOffset(partition, reset).offset();
    } finally {
      release();
    }
  }

  /** The group's committed offsets of {@code partitions}; absent ones have none. */
  public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
    acquire();
    try {
      ensureOpen();
      return committedOffsets(partitions);
    } finally {
      release();
    }
  }

  /**
   * Commits the last poll's positions when auto-commit is on, gives up the partitions (calling
   * {@code onPartitionsRevoked}), leaves the group so that others take them over at once, and
   * closes the connections. When the broker cannot be reached, the leave is skipped (the broker
   * evicts the member after its session timeout); a failed auto-commit is thrown after the consumer
   * is closed. Later calls throw {@link ClientClosedException}; closing twice does nothing.
   */
  @Override
  public void close() {
    acquire();
    try {
      if (closed) {
        return;
      }
      closing = true;
      try {
        abandonPrefetch();
        awaitAsyncCommits();
        Map<TopicPartition, OffsetAndMetadata> offsets = consumedOffsets();
        if (memberId != null && !lost && settings.autoCommit() && !offsets.isEmpty()) {
          commitNow(offsets);
        }
      } catch (UnknownMemberIdException e) {
        lost = true;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "consumer of group " + groupId + ": the auto-commit on close failed",
            e);
      }
      try {
        if (lost) {
          partitionsLost();
        } else {
          // The auto-commit is done above, where its failure is told apart.
          leaveGroup(false);
        }
      } finally {
        closed = true;
        abandonPrefetch();
        prefetcher.close();
        asyncCommits.close();
        runCommitCallbacks();
        transport.close();
      }
    } finally {
      release();
    }
  }

  /**
   * Waits out a retriable transport failure within the poll's time, as Kafka's consumer rides out a
   * broker restart; returns false when the poll's time is up. Rethrows the failure when it is not
   * retriable, or when the broker has been out of reach for longer than the session timeout (by
   * then the group has moved on without this member, and the caller should know).
   */
  private boolean outlast(MiniKafkaClientException e, long deadline) {
    long now = System.nanoTime();
    if (unreachableSince == 0) {
      unreachableSince = now;
    }
    if (!e.isRetriable() || now - unreachableSince > settings.sessionTimeout().toNanos()) {
      unreachableSince = 0;
      throw e;
    }
    long pause = Math.min(RETRY_PAUSE_NANOS, deadline - now);
    if (pause <= 0) {
      return false;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(pause);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new MiniKafkaClientException("interrupted while waiting for the broker", ie);
    }
    return System.nanoTime() - deadline < 0;
  }

  /**
   * The next poll answer: that of the request sent ahead if there is one, else of a request sent
   * now that waits up to {@code wait} for records. Either request first auto-commits what the
   * application has processed, on the same thread, so that the commit reaches the broker before the
   * poll that may release a revoked partition.
   */
  private MemberApi.Polled nextAnswer(Duration wait) {
    PrefetchedPoll ahead = prefetch;
    try {
      return ahead == null
          ? fetch(memberId, lastPollId, generation, autoCommitDue(), wait)
          : ahead.await();
    } catch (RuntimeException e) {
      // Its auto-commit may not have happened: let the next request send it again.
      autoCommitted = Map.of();
      throw e;
    } finally {
      if (ahead != null && ahead.isDone()) {
        prefetch = null;
      }
    }
  }

  /**
   * Sends the next poll request ahead, on a background thread, unless one is in flight or the last
   * answer showed that the consumer caught up. It does not wait for records ({@code timeout_ms} 0),
   * so that a seek, commit or close that must wait for it waits one round trip at most; when it
   * finds none, the next poll asks again and waits.
   */
  private void startPrefetch() {
    if (closed || memberId == null || prefetch != null || !brokerMayHaveMore) {
      return;
    }
    String id = memberId;
    long after = lastPollId;
    int gen = generation;
    Map<TopicPartition, OffsetAndMetadata> commit = autoCommitDue();
    prefetch = PrefetchedPoll.start(prefetcher, () -> fetch(id, after, gen, commit, Duration.ZERO));
  }

  /**
   * Commits {@code commit} unless empty, then polls. Touches no field that changes, so it may run
   * on the prefetch thread. A broker's refusal of the commit (the group moved to a new generation,
   * say) is logged and the poll goes on, as Kafka's auto-commit does; an unknown member or a client
   * failure ends the request.
   */
  private MemberApi.Polled fetch(
      String id,
      long lastReceived,
      int gen,
      Map<TopicPartition, OffsetAndMetadata> commit,
      Duration wait) {
    if (!commit.isEmpty()) {
      try {
        member.commit(id, gen, commit);
      } catch (UnknownMemberIdException e) {
        throw e;
      } catch (MiniKafkaException e) {
        LOG.log(
            System.Logger.Level.INFO,
            "consumer of group " + groupId + ": auto-commit refused: " + e.getMessage());
      }
    }
    return member.poll(id, lastReceived, wait, recordsPerAnswer(), settings.maxPollBytes());
  }

  /**
   * How many records a poll request asks for. Record batches cost little per record on both sides,
   * so such an answer is sized by bytes ({@code maxPollBytes}), as Kafka's fetches are, and the
   * records beyond {@code max.poll.records} wait in {@link #buffered}: one round trip then serves
   * many polls. JSON records cost per record, so a JSON answer holds one poll's worth.
   */
  private int recordsPerAnswer() {
    return settings.recordBatches() ? MemberApi.MAX_RECORDS_PER_POLL : settings.maxPollRecords();
  }

  /**
   * What auto-commit should send with the next request: the processed positions of owned
   * partitions, when they changed since the last auto-commit; else nothing.
   */
  private Map<TopicPartition, OffsetAndMetadata> autoCommitDue() {
    if (!settings.autoCommit()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
    processed.forEach(
        (tp, om) -> {
          if (owned.contains(tp)) {
            due.put(tp, om);
          }
        });
    if (due.isEmpty() || due.equals(autoCommitted)) {
      return Map.of();
    }
    autoCommitted = Map.copyOf(due);
    return autoCommitted;
  }

  /** Commits what was returned of {@code revoked}; a failure is logged (at-least-once holds). */
  private void autoCommitRevoked(List<TopicPartition> revoked) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : revoked) {
      Long at = positions.get(tp);
      if (at != null) {
        offsets.put(tp, OffsetAndMetadata.of(at));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      member.commit(memberId, generation, offsets);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "consumer of group " + groupId + ": the auto-commit of revoked " + revoked + " failed",
          e);
    }
  }

  /** The positions of the records polls have returned (or seeks set), as offsets to commit. */
  private Map<TopicPartition, OffsetAndMetadata> consumedOffsets() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    positions.forEach((tp, at) -> out.put(tp, OffsetAndMetadata.of(at)));
    return Map.copyOf(out);
  }

  /**
   * Whether the poll request sent ahead, if there is one, has been answered (or has failed): for
   * tests, which must see its answer arrive without calling {@code poll}. Only from the thread that
   * polls.
   */
  boolean pollAheadAnswered() {
    return prefetch == null || prefetch.isDone();
  }

  /** Whether a poll request was sent ahead and its answer not taken yet: for tests, as above. */
  boolean sentPollAhead() {
    return prefetch != null;
  }

  /**
   * Waits until the request sent ahead has ended, keeping its answer for the next poll: a commit
   * sent now then reaches the broker after that request's auto-commit, never before it.
   */
  private void settlePrefetch() {
    if (prefetch != null) {
      prefetch.awaitQuietly();
    }
  }

  /**
   * Drops the records of {@code partitions} from the answer of the request sent ahead, and waits
   * for that request, so that the broker has moved past them before a seek moves the position.
   */
  private void discardAhead(Collection<TopicPartition> partitions) {
    if (prefetch != null) {
      prefetch.discard(partitions);
      prefetch.awaitQuietly();
    }
  }

  /**
   * Waits for the request sent ahead and drops its answer: the member leaves or is gone, and what
   * it returned was never consumed (commits name what polls returned, so its records are read again
   * by whoever owns their partitions next).
   */
  private void abandonPrefetch() {
    if (prefetch != null) {
      prefetch.awaitQuietly();
      prefetch = null;
    }
  }

  private void join() {
    MemberApi.Membership m =
        member.join(
            new MemberApi.JoinRequest(
                subscription,
                settings.assignor() == null ? null : settings.assignor().wireName(),
                settings.sessionTimeout(),
                settings.autoOffsetReset().wireName(),
                // The broker's auto-commit would commit its positions, which include records
                // fetched ahead and not yet returned: this consumer commits what it returned.
                false,
                settings.clientId()));
    memberId = m.memberId();
    lastPollId = 0;
    generation = m.generation();
    lost = false;
    Set<TopicPartition> added = new LinkedHashSet<>(m.assignment());
    owned.addAll(added);
    // Kafka's consumer tells the listener about a join even when it brought no partitions.
    listener.onPartitionsAssigned(List.copyOf(added));
  }

  /**
   * Moves {@link #owned} to {@code assignment}, telling the listener what was revoked, then what
   * was added. Computed from the assignment itself rather than the answer's own lists, so that
   * nothing is missed or told twice whatever the previous request was.
   */
  private boolean applyAssignment(Set<TopicPartition> assignment) {
    List<TopicPartition> revoked = new ArrayList<>();
    for (TopicPartition tp : owned) {
      if (!assignment.contains(tp)) {
        revoked.add(tp);
      }
    }
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : assignment) {
      if (!owned.contains(tp)) {
        added.add(tp);
      }
    }
    if (!revoked.isEmpty()) {
      revoked.forEach(owned::remove);
      // The member still owns them at the broker until its next poll, which is sent only after
      // this: commit what was returned of them, as Kafka's consumer does before a revocation.
      if (settings.autoCommit()) {
        autoCommitRevoked(revoked);
      }
      try {
        // Their positions stay until the listener has run, so that a commitSync() in it commits
        // them too.
        listener.onPartitionsRevoked(revoked);
      } finally {
        revoked.forEach(this::forget);
      }
    }
    if (!added.isEmpty()) {
      owned.addAll(added);
      listener.onPartitionsAssigned(added);
    }
    return !revoked.isEmpty() || !added.isEmpty();
  }

  private void partitionsLost() {
    // The answer of a request sent ahead is the broker's word on a member that is gone.
    abandonPrefetch();
    autoCommitted = Map.of();
    List<TopicPartition> gone = List.copyOf(owned);
    owned.clear();
    positions.clear();
    pendingReset.clear();
    buffered.clear();
    memberId = null;
    lost = false;
    if (!gone.isEmpty()) {
      listener.onPartitionsLost(gone);
    }
  }

  /**
   * Gives up the partitions and leaves; first commits what polls returned when {@code commit} (the
   * auto-commit of a leave; a failure is logged, as the leave goes on regardless).
   */
  private void leaveGroup(boolean commit) {
    if (memberId == null) {
      return;
    }
    abandonPrefetch();
    Map<TopicPartition, OffsetAndMetadata> offsets = consumedOffsets();
    if (commit && !offsets.isEmpty()) {
      try {
        member.commit(memberId, generation, offsets);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "consumer of group " + groupId + ": the auto-commit before leaving failed",
            e);
      }
    }
    List<TopicPartition> gone = List.copyOf(owned);
    if (!gone.isEmpty()) {
      listener.onPartitionsRevoked(gone);
    }
    try {
      member.leave(memberId);
    } catch (UnknownMemberIdException e) {
      // Already gone (evicted, or the broker restarted): leaving is done.
    } catch (MiniKafkaClientException e) {
      if (!closing) {
        throw e;
      }
      // Closing with the broker out of reach: the broker evicts the member after its session
      // timeout, which is all a leave would have hastened.
      LOG.log(
          System.Logger.Level.WARNING,
          "consumer of group " + groupId + " could not leave the group: " + e.getMessage());
    } finally {
      owned.clear();
      positions.clear();
      pendingReset.clear();
      buffered.clear();
      autoCommitted = Map.of();
      memberId = null;
    }
  }

  private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      member.commit(memberId, generation, offsets);
    } catch (UnknownMemberIdException e) {
      // The next poll rejoins; this commit is lost, as Kafka's CommitFailedException says.
      lost = true;
      throw e;
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
    admin
        .describeGroup(groupId)
        .offsets()
        .forEach(
            (tp, o) -> {
              if (partitions.contains(tp) && o.committed().isPresent()) {
                out.put(tp, new OffsetAndMetadata(o.committed().getAsLong(), o.metadata()));
              }
            });
    return out;
  }

  private void forget(TopicPartition tp) {
    positions.remove(tp);
    pendingReset.remove(tp);
    dropBuffered(List.of(tp));
  }

  private void awaitAsyncCommits() {
    for (CompletableFuture<Void> f : inflightCommits) {
      f.join();
    }
    inflightCommits.clear();
  }

  private void runCommitCallbacks() {
    Runnable r;
    while ((r = completedCommits.poll()) != null) {
      r.run();
    }
  }

  private void requireMember(String what) {
    if (memberId == null) {
      throw new IllegalStateException(
          "cannot " + what + ": the consumer has not joined group " + groupId + " (poll first)");
    }
  }

  private void requireOwned(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      if (!owned.contains(tp)) {
        throw new IllegalStateException("partition " + tp + " is not assigned to this consumer");
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClientClosedException("the consumer of group " + groupId + " is closed");
    }
  }

  private void acquire() {
    guard.acquire();
  }

  private void release() {
    guard.release();
  }

  /** Builds a {@link Consumer}. Not thread-safe. */
  public static final class Builder {
    private ConnectionSettings connection = ConnectionSettings.DEFAULTS;
    private String groupId;
    private String clientId;
    private AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;
    private boolean autoCommit = true;
    private Duration sessionTimeout = Duration.ofSeconds(30);
    private GroupAssignor assignor;
    private int maxPollRecords = 500;
    private int maxPollBytes = 1 << 20;
    private boolean recordBatches = true;

    private Builder() {}

    /**
     * Whether polls ask for the broker's stored record batches and decode them here (true, the
     * default) or for JSON records (false: slower, but every answer can be read in a proxy's log).
     * Against a broker without record batches the consumer reads JSON either way.
     */
    public Builder recordBatches(boolean enable) {
      this.recordBatches = enable;
      return this;
    }

    /** The broker's base URL, e.g. {@code http://127.0.0.1:8000}. Required. */
    public Builder bootstrap(String url) {
      this.connection = connection.withBootstrap(url);
      return this;
    }

    /** The consumer group to join ({@code group.id}). Required. */
    public Builder groupId(String id) {
      this.groupId = id;
      return this;
    }

    /** A name for this member in group descriptions ({@code client.id}). */
    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    /** Where to start without a committed offset ({@code auto.offset.reset}); default LATEST. */
    public Builder autoOffsetReset(AutoOffsetReset reset) {
      this.autoOffsetReset = Objects.requireNonNull(reset, "autoOffsetReset");
      return this;
    }

    /** Whether polls commit what was returned before ({@code enable.auto.commit}); default true. */
    public Builder enableAutoCommit(boolean enable) {
      this.autoCommit = enable;
      return this;
    }

    /** How long the broker waits for a poll before evicting the member; default 30 seconds. */
    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = ConnectionSettings.positive(timeout, "session.timeout.ms");
      return this;
    }

    /** The partition assignor; default: the group's, or the broker's default for a new group. */
    public Builder assignor(GroupAssignor groupAssignor) {
      this.assignor = groupAssignor;
      return this;
    }

    /** The most records one poll returns ({@code max.poll.records}); default 500. */
    public Builder maxPollRecords(int max) {
      if (max < 1 || max > MemberApi.MAX_RECORDS_PER_POLL) {
        throw new IllegalArgumentException(
            "max.poll.records must be 1 to " + MemberApi.MAX_RECORDS_PER_POLL + ", was " + max);
      }
      this.maxPollRecords = max;
      return this;
    }

    /**
     * The most bytes one poll request returns (at least one record comes); default 1 MiB. With
     * record batches these are the batches' stored bytes, as Kafka's {@code
     * max.partition.fetch.bytes} counts; with JSON, the records' key, value and header bytes.
     */
    public Builder maxPollBytes(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max poll bytes must be >= 1, was " + max);
      }
      this.maxPollBytes = max;
      return this;
    }

    /** How long one request may take, on top of a poll's wait; default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      this.connection = connection.withRequestTimeout(timeout, "request.timeout.ms");
      return this;
    }

    /** How long to wait for a TCP connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connection = connection.withConnectTimeout(timeout);
      return this;
    }

    /**
     * Builds the consumer; it connects on the first poll.
     *
     * @throws IllegalArgumentException if the bootstrap URL or group id is missing or malformed
     */
    public Consumer build() {
      if (groupId == null || groupId.isEmpty()) {
        throw new IllegalArgumentException("a consumer needs a group id (groupId(...))");
      }
      try {
        TopicNames.validate(groupId);
      } catch (dev.minikafka.core.errors.InvalidTopicException e) {
        throw new IllegalArgumentException(
            "group id '" + groupId + "' breaks the naming rule of topics: " + e.getMessage(), e);
      }
      return new Consumer(
          connection.transport(),
          connection.requestTimeout(),
          groupId,
          new Settings(
              clientId,
              autoOffsetReset,
              autoCommit,
              sessionTimeout,
              assignor,
              maxPollRecords,
              maxPollBytes,
              recordBatches));
    }
  }
}
