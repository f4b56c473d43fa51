package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.Ids;
import dev.minikafka.broker.PartitionBatches;
import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.broker.groups.BatchPollResult;
import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.groups.GroupCoordinator;
import dev.minikafka.broker.groups.GroupDescription;
import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.broker.groups.GroupSummary;
import dev.minikafka.broker.groups.JoinRequest;
import dev.minikafka.broker.groups.JoinResult;
import dev.minikafka.broker.groups.OffsetCommit;
import dev.minikafka.broker.groups.OffsetSpec;
import dev.minikafka.broker.groups.PartitionSeek;
import dev.minikafka.broker.groups.PollRequest;
import dev.minikafka.broker.groups.PollResult;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.core.errors.InconsistentGroupProtocolException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.InvalidSessionTimeoutException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The broker's group coordinator over its logs and its durable map of committed offsets.
 *
 * <p>Each group has its own lock (see {@link Group}); a poll holds it while it syncs and reads, and
 * lets go while it waits. Durable writes of offsets are started under the lock (so their order is
 * the order of the decisions) and awaited after it is released, so a commit's fsync does not hold
 * up the group's other members.
 *
 * <p>A reaper thread evicts members whose session timed out and notices partition count changes of
 * subscribed topics; every group operation does the same for its own group first, so time moved by
 * an injected {@link Clock} takes effect at the next call even without the reaper.
 *
 * <p>Parts: {@link GroupRegistry} keeps the groups in memory, {@link Group} the state and rules of
 * one group, {@link Assignments} asks Kafka's assignors for targets, {@link GroupAdmin} serves the
 * operators' routes, {@link OffsetStore} keeps committed offsets.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class DefaultGroupCoordinator implements GroupCoordinator {
  private static final System.Logger LOG = System.getLogger("minikafka.groups");

  /** How often the reaper looks for expired sessions, in milliseconds. */
  public static final long REAP_INTERVAL_MS = 100;

  private final LogManager logs;
  private final OffsetStore offsets;
  private final TopicSignals signals;
  private final Clock clock;
  private final String internalTopic;
  private final GroupRegistry registry;
  private final GroupAdmin admin;
  private final ScheduledExecutorService reaper;

  /**
   * A coordinator over {@code logs} keeping offsets in {@code offsets}.
   *
   * @param signals the broker's topic signals, bumped by every produce
   * @param clock the time for sessions
   * @param internalTopic the broker's internal topic, which no member may subscribe to
   * @param reapIntervalMs how often to evict expired members; 0 for no reaper thread (tests)
   */
  public DefaultGroupCoordinator(
      LogManager logs,
      OffsetStore offsets,
      TopicSignals signals,
      Clock clock,
      String internalTopic,
      long reapIntervalMs) {
    this.logs = logs;
    this.offsets = offsets;
    this.signals = signals;
    this.clock = clock;
    this.internalTopic = internalTopic;
    this.registry = new GroupRegistry(logs, offsets);
    this.admin = new GroupAdmin(registry, offsets, logs, clock, internalTopic);
    if (reapIntervalMs > 0) {
      reaper =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "minikafka-group-reaper");
                t.setDaemon(true);
                return t;
              });
      // The task catches its own failures (see reap), so the future has nothing to report.
      var unused =
          reaper.scheduleWithFixedDelay(
              this::reap, reapIntervalMs, reapIntervalMs, TimeUnit.MILLISECONDS);
    } else {
      reaper = null;
    }
  }

  /**
   * Evicts expired members, rebalances groups whose topics changed, and forgets groups without
   * members (their offsets stay stored, so they are still listed when they have any); public for
   * tests.
   */
  public void reap() {
    for (Group g : registry.all()) {
      g.lock.lock();
      try {
        g.expire(clock.milliseconds());
        g.refreshTopics();
        if (g.isEmpty()) {
          // Nothing of an empty group lives in memory that matters: its offsets are stored.
          registry.forget(g);
        }
      } catch (RuntimeException e) {
        // A failing group must not stop the reaper (a scheduled task that throws never runs again).
        LOG.log(System.Logger.Level.WARNING, "group " + g.id + ": " + e, e);
      } finally {
        g.lock.unlock();
      }
    }
  }

  @Override
  public JoinResult join(String group, JoinRequest request) {
    GroupChecks.checkGroupId(group);
    List<String> topics = checkTopics(request.topics());
    long session = request.sessionTimeoutMs();
    if (session < MIN_SESSION_TIMEOUT_MS || session > MAX_SESSION_TIMEOUT_MS) {
      throw new InvalidSessionTimeoutException(
          "session_timeout_ms must be between "
              + MIN_SESSION_TIMEOUT_MS
              + " and "
              + MAX_SESSION_TIMEOUT_MS
              + ", was "
              + session);
    }
    String clientId = request.clientId();
    if (clientId != null && !clientId.isEmpty()) {
      // The member id starts with it and travels in URL paths and logs: the id rule keeps it to
      // characters that need no escaping and cannot pass for others.
      Ids.validateOrGenerate("client_id", clientId, "");
    }
    return registry.withGroup(
        group,
        g -> {
          long now = clock.milliseconds();
          g.expire(now);
          Assignor wanted =
              request.assignor() != null
                  ? request.assignor()
                  : g.assignor() != null ? g.assignor() : Assignor.RANGE;
          if (!g.isEmpty() && g.assignor() != wanted) {
            throw new InconsistentGroupProtocolException(
                "group '"
                    + group
                    + "' uses assignor '"
                    + g.assignor().id()
                    + "'; a member asked for '"
                    + wanted.id()
                    + "'");
          }
          g.chooseAssignor(wanted);
          String memberId =
              (clientId == null || clientId.isEmpty() ? "member" : clientId)
                  + "-"
                  + UUID.randomUUID();
          Member m =
              new Member(
                  memberId,
                  clientId,
                  topics,
                  session,
                  request.autoOffsetReset(),
                  request.autoCommit(),
                  now);
          g.add(m);
          g.sync(m, new LinkedHashSet<>(), new LinkedHashSet<>());
          m.generation = g.generation();
          return new JoinResult(memberId, g.generation(), m.assignment(), g.assignor(), session);
        });
  }

  @Override
  public PollResult poll(String group, String memberId, PollRequest request) {
    Polled<GroupRecord> p =
        pollMember(
            group,
            memberId,
            request,
            (g, m) -> g.fetch(m, (int) request.maxRecords(), request.maxBytes()));
    return new PollResult(p.pollId, p.generation, p.assignment, p.added, p.revoked, p.read);
  }

  @Override
  public BatchPollResult pollBatches(
      String group, String memberId, PollRequest request, Set<Compression> codecs) {
    Set<Compression> accepted = Set.copyOf(codecs);
    Polled<PartitionBatches> p =
        pollMember(
            group,
            memberId,
            request,
            (g, m) -> g.fetchBatches(m, (int) request.maxRecords(), request.maxBytes(), accepted));
    return new BatchPollResult(p.pollId, p.generation, p.assignment, p.added, p.revoked, p.read);
  }

  /** What a poll read, in whichever form, and the member's place in the group. */
  private record Polled<T>(
      long pollId,
      int generation,
      List<TopicPartition> assignment,
      List<TopicPartition> added,
      List<TopicPartition> revoked,
      List<T> read) {}

  /**
   * The poll itself: heartbeat, a return to the positions before a lost answer, auto-commit,
   * release of revoked partitions, sync with the target assignment, then {@code read} (under the
   * group's lock, moving the member's positions), waiting when it finds nothing and nothing
   * changed.
   */
  private <T> Polled<T> pollMember(
      String group, String memberId, PollRequest request, BiFunction<Group, Member, List<T>> read) {
    GroupChecks.checkRange("timeout_ms", request.timeoutMs(), 0, MAX_POLL_TIMEOUT_MS);
    GroupChecks.checkRange("max_records", request.maxRecords(), 1, MAX_POLL_RECORDS);
    GroupChecks.checkRange("max_bytes", request.maxBytes(), 1, MAX_POLL_BYTES);
    Group g = existing(group, memberId);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.timeoutMs());
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    Set<TopicPartition> added = new LinkedHashSet<>();
    Set<TopicPartition> revoked = new LinkedHashSet<>();
    Polled<T> result;
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      m.lastSeenMs = clock.milliseconds();
      m.pollsInFlight++;
      try {
        // Before the auto-commit: it must not commit what the member never received.
        returnBeforeLostAnswer(m, request.lastPollId());
        if (m.autoCommit) {
          g.commitMovedPositions(m, commits);
        }
        g.releaseRevoked(m);
        g.refreshTopics();
        List<T> records;
        Map<TopicPartition, Long> beforeRead;
        while (true) {
          // Registered before looking, so a record or a group change after the look wakes the wait.
          try (PollWaiter waiter = new PollWaiter(g, signals, m.topics)) {
            g.sync(m, added, revoked);
            beforeRead = Map.copyOf(m.positions);
            records = read.apply(g, m);
            long remaining = deadline - System.nanoTime();
            if (!records.isEmpty() || !added.isEmpty() || !revoked.isEmpty() || remaining <= 0) {
              break;
            }
            g.lock.unlock();
            boolean interrupted;
            try {
              interrupted = !waiter.await(remaining);
            } finally {
              g.lock.lock();
            }
            if (interrupted) {
              break;
            }
          }
          // It may have left in a concurrent request meanwhile.
          g.member(memberId);
        }
        m.generation = g.generation();
        m.lastPollId++;
        m.positionsBeforeLastPoll = beforeRead;
        result =
            new Polled<>(
                m.lastPollId,
                g.generation(),
                m.assignment(),
                sorted(added),
                sorted(revoked),
                records);
      } finally {
        m.pollsInFlight--;
        m.lastSeenMs = clock.milliseconds();
      }
    } finally {
      g.lock.unlock();
    }
    GroupChecks.awaitAll(commits);
    return result;
  }

  /**
   * When the member says the last answer it received is older than its latest, that answer was lost
   * on its way (a timeout, a dropped connection): moves its positions back to where they were
   * before that answer's read, so the records come again. After several lost answers in a row each
   * poll returned to the same place, so the positions before the latest are those after the last
   * answer received.
   */
  private static void returnBeforeLostAnswer(Member m, OptionalLong lastReceived) {
    if (lastReceived.isEmpty()) {
      return;
    }
    long received = lastReceived.getAsLong();
    if (received < 0 || received > m.lastPollId) {
      throw new InvalidRequestException(
          "last_poll_id "
              + received
              + " names no answer of member '"
              + m.id
              + "': its answers so far are numbered 1 to "
              + m.lastPollId
              + " (0: none received)");
    }
    if (received == m.lastPollId) {
      return;
    }
    m.positionsBeforeLastPoll.forEach(
        (tp, offset) -> {
          if (m.positions.containsKey(tp)) {
            m.positions.put(tp, offset);
          }
        });
  }

  @Override
  public List<OffsetCommit> commit(
      String group, String memberId, Integer generation, List<OffsetCommit> requested) {
    Group g = existing(group, memberId);
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    List<OffsetCommit> committed = new ArrayList<>();
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      checkGeneration(g, m, generation);
      List<OffsetCommit> toCommit = requested;
      if (toCommit.isEmpty()) {
        toCommit = new ArrayList<>();
        for (TopicPartition tp : m.owned) {
          CommittedOffset c = offsets.get(group, tp);
          toCommit.add(new OffsetCommit(tp, m.positions.get(tp), c == null ? "" : c.metadata()));
        }
      }
      for (OffsetCommit c : toCommit) {
        if (!m.owned.contains(c.partition())) {
          throw new IllegalGenerationException(
              "member '"
                  + memberId
                  + "' does not own "
                  + c.partition()
                  + " in generation "
                  + g.generation()
                  + "; it owns "
                  + m.owned);
        }
        checkOffset(c.partition(), c.offset());
        if (c.metadata() != null && c.metadata().length() > MAX_METADATA_CHARS) {
          throw new InvalidRequestException(
              "metadata of "
                  + c.partition()
                  + " is "
                  + c.metadata().length()
                  + " characters; at most "
                  + MAX_METADATA_CHARS);
        }
      }
      for (OffsetCommit c : toCommit) {
        String meta = c.metadata() == null ? "" : c.metadata();
        durable.add(offsets.put(group, c.partition(), c.offset(), meta));
        committed.add(new OffsetCommit(c.partition(), c.offset(), meta));
      }
    } finally {
      g.lock.unlock();
    }
    GroupChecks.awaitAll(durable);
    return committed;
  }

  private static void checkGeneration(Group g, Member m, Integer generation) {
    if (generation != null && generation != g.generation()) {
      throw new IllegalGenerationException(
          "generation "
              + generation
              + " is not the current generation "
              + g.generation()
              + " of group '"
              + g.id
              + "'"
              + "; poll to learn the new assignment, then commit again");
    }
    if (m.generation != g.generation()) {
      throw new IllegalGenerationException(
          "member '"
              + m.id
              + "' has not polled since group '"
              + g.id
              + "' moved from generation "
              + m.generation
              + " to "
              + g.generation()
              + "; poll to learn the new assignment, then commit again");
    }
  }

  private void checkOffset(TopicPartition tp, long offset) {
    PartitionLog log = logs.log(tp);
    long hw = log.highWatermark();
    if (offset < 0 || offset > hw) {
      throw new OffsetOutOfRangeException(
          "offset " + offset + " of " + tp + " is outside [0, " + hw + "] (the high watermark)");
    }
  }

  @Override
  public List<OffsetCommit> seek(String group, String memberId, List<PartitionSeek> seeks) {
    Group g = existing(group, memberId);
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      Map<TopicPartition, Long> moves = new LinkedHashMap<>();
      for (PartitionSeek s : seeks) {
        if (!m.owned.contains(s.partition())) {
          throw new IllegalGenerationException(
              "member '" + memberId + "' does not own " + s.partition() + "; it owns " + m.owned);
        }
        moves.put(s.partition(), GroupChecks.resolve(logs, s.partition(), s.to()));
      }
      m.positions.putAll(moves);
      // A later return to the positions before a lost answer keeps this seek.
      Map<TopicPartition, Long> before = new HashMap<>(m.positionsBeforeLastPoll);
      before.putAll(moves);
      m.positionsBeforeLastPoll = before;
      List<OffsetCommit> out = new ArrayList<>();
      moves.forEach((tp, o) -> out.add(new OffsetCommit(tp, o, null)));
      return out;
    } finally {
      g.lock.unlock();
    }
  }

  @Override
  public void leave(String group, String memberId, OptionalLong lastPollId) {
    Group g = existing(group, memberId);
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      // Before the auto-commit, as in a poll: it must not commit what the member never received.
      returnBeforeLostAnswer(m, lastPollId);
      if (m.autoCommit) {
        g.commitMovedPositions(m, commits);
      }
      g.remove(m);
    } finally {
      g.lock.unlock();
    }
    GroupChecks.awaitAll(commits);
  }

  @Override
  public List<GroupSummary> list() {
    return admin.list();
  }

  @Override
  public GroupDescription describe(String group) {
    return admin.describe(group);
  }

  @Override
  public List<OffsetCommit> resetOffsets(
      String group, String topic, List<Integer> partitions, OffsetSpec to) {
    return admin.resetOffsets(group, topic, partitions, to);
  }

  @Override
  public void delete(String group) {
    admin.delete(group);
  }

  /**
   * Who owns what in the group, partitions being revoked included, with the invariants of {@link
   * Group} checked: for tests, which must see ownership that the API shows only in part.
   */
  Map<String, Set<TopicPartition>> ownership(String group) {
    Group g = registry.get(group);
    if (g == null) {
      return Map.of();
    }
    g.lock.lock();
    try {
      Map<String, Set<TopicPartition>> out = new TreeMap<>();
      for (Member m : g.members()) {
        out.put(m.id, Set.copyOf(m.owned));
        for (TopicPartition tp : m.owned) {
          if (g.owner(tp) != m) {
            throw new IllegalStateException(tp + " is owned by " + m.id + " but listed otherwise");
          }
        }
      }
      return out;
    } finally {
      g.lock.unlock();
    }
  }

  @Override
  public void close() {
    if (reaper != null) {
      reaper.shutdownNow();
    }
  }

  private Group existing(String group, String memberId) {
    GroupChecks.checkGroupId(group);
    if (memberId == null || memberId.isEmpty()) {
      throw new InvalidRequestException("member id is empty");
    }
    Group g = registry.get(group);
    if (g == null) {
      throw new UnknownMemberIdException(
          "group '" + group + "' has no live members, so no member '" + memberId + "'; join first");
    }
    return g;
  }

  private List<String> checkTopics(List<String> topics) {
    if (topics == null || topics.isEmpty()) {
      throw new InvalidRequestException("topics must name at least one topic");
    }
    if (topics.size() > MAX_TOPICS) {
      throw new InvalidRequestException(
          "topics names " + topics.size() + " topics; at most " + MAX_TOPICS);
    }
    Set<String> out = new TreeSet<>();
    for (String t : topics) {
      TopicNames.validate(t);
      if (t.equals(internalTopic)) {
        throw new InvalidRequestException("topic '" + t + "' is internal to the broker");
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  private static List<TopicPartition> sorted(Set<TopicPartition> tps) {
    List<TopicPartition> out = new ArrayList<>(tps);
    out.sort(Member.ORDER);
    return List.copyOf(out);
  }
}
