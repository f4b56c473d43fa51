package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.Ids;
import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.groups.GroupCoordinator;
import dev.minikafka.broker.groups.GroupDescription;
import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.broker.groups.GroupState;
import dev.minikafka.broker.groups.GroupSummary;
import dev.minikafka.broker.groups.JoinRequest;
import dev.minikafka.broker.groups.JoinResult;
import dev.minikafka.broker.groups.MemberDescription;
import dev.minikafka.broker.groups.OffsetCommit;
import dev.minikafka.broker.groups.OffsetSpec;
import dev.minikafka.broker.groups.PartitionOffset;
import dev.minikafka.broker.groups.PartitionSeek;
import dev.minikafka.broker.groups.PollRequest;
import dev.minikafka.broker.groups.PollResult;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.core.errors.InconsistentGroupProtocolException;
import dev.minikafka.core.errors.InvalidGroupIdException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.InvalidSessionTimeoutException;
import dev.minikafka.core.errors.NonEmptyGroupException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.TopicMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
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
    for (Group g : List.copyOf(groups.values())) {
      g.lock.lock();
      try {
        g.expire(clock.milliseconds());
        g.refreshTopics();
        if (g.isEmpty()) {
          // Nothing of an empty group lives in memory that matters: its offsets are stored.
          g.deleted = true;
          groups.remove(g.id, g);
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
    checkGroupId(group);
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
    if (clientId != null && clientId.length() > 249) {
      throw new InvalidRequestException("client_id is longer than 249 characters");
    }
    return withGroup(
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
    checkRange("timeout_ms", request.timeoutMs(), 0, MAX_POLL_TIMEOUT_MS);
    checkRange("max_records", request.maxRecords(), 1, MAX_POLL_RECORDS);
    checkRange("max_bytes", request.maxBytes(), 1, MAX_POLL_BYTES);
    Group g = existing(group, memberId);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.timeoutMs());
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    Set<TopicPartition> added = new LinkedHashSet<>();
    Set<TopicPartition> revoked = new LinkedHashSet<>();
    PollResult result;
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      m.lastSeenMs = clock.milliseconds();
      m.pollsInFlight++;
      try {
        if (m.autoCommit) {
          g.commitMovedPositions(m, commits);
        }
        g.releaseRevoked(m);
        g.refreshTopics();
        List<GroupRecord> records;
        while (true) {
          // Registered before looking, so a record or a group change after the look wakes the wait.
          try (Waiter waiter = new Waiter(g, m.topics)) {
            g.sync(m, added, revoked);
            records = g.fetch(m, (int) request.maxRecords(), request.maxBytes());
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
        result =
            new PollResult(g.generation(), m.assignment(), sorted(added), sorted(revoked), records);
      } finally {
        m.pollsInFlight--;
        m.lastSeenMs = clock.milliseconds();
      }
    } finally {
      g.lock.unlock();
    }
    awaitAll(commits);
    return result;
  }

  /**
   * Wakes a waiting poll on new data in its topics or any change of its group. Registration and
   * removal need no lock; waking only releases a permit.
   */
  private final class Waiter implements AutoCloseable {
    private final Semaphore wakeup = new Semaphore(0);
    private final Runnable wake = wakeup::release;
    private final Group group;
    private final List<Runnable> unlisten = new ArrayList<>();

    Waiter(Group group, List<String> topics) {
      this.group = group;
      group.addWaiter(wake);
      for (String topic : topics) {
        unlisten.add(signals.listen(topic, wake));
      }
    }

    /** Waits up to {@code nanos} for a wake-up; false when interrupted. */
    boolean await(long nanos) {
      try {
        wakeup.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void close() {
      group.removeWaiter(wake);
      unlisten.forEach(Runnable::run);
    }
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
    awaitAll(durable);
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
        moves.put(s.partition(), resolve(s.partition(), s.to()));
      }
      m.positions.putAll(moves);
      List<OffsetCommit> out = new ArrayList<>();
      moves.forEach((tp, o) -> out.add(new OffsetCommit(tp, o, null)));
      return out;
    } finally {
      g.lock.unlock();
    }
  }

  /** The offset {@code spec} names in {@code tp}'s log. */
  private long resolve(TopicPartition tp, OffsetSpec spec) {
    PartitionLog log = logs.log(tp);
    return switch (spec) {
      case OffsetSpec.Earliest e -> log.logStartOffset();
      case OffsetSpec.Latest l -> log.highWatermark();
      case OffsetSpec.AtTimestamp t ->
          log.offsetForTimestamp(t.timestamp()).orElse(log.highWatermark());
      case OffsetSpec.At a -> {
        if (a.offset() < log.logStartOffset() || a.offset() > log.highWatermark()) {
          throw new OffsetOutOfRangeException(
              "offset "
                  + a.offset()
                  + " is outside "
                  + tp
                  + "'s range ["
                  + log.logStartOffset()
                  + ", "
                  + log.highWatermark()
                  + "]");
        }
        yield a.offset();
      }
    };
  }

  @Override
  public void leave(String group, String memberId) {
    Group g = existing(group, memberId);
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    g.lock.lock();
    try {
      g.expire(clock.milliseconds());
      Member m = g.member(memberId);
      if (m.autoCommit) {
        g.commitMovedPositions(m, commits);
      }
      g.remove(m);
    } finally {
      g.lock.unlock();
    }
    awaitAll(commits);
  }

  @Override
  public List<GroupSummary> list() {
    Set<String> ids = new TreeSet<>(groups.keySet());
    ids.addAll(offsets.groupsWithOffsets());
    Set<String> classroom = offsets.classroomConsumers();
    ids.addAll(classroom);
    List<GroupSummary> out = new ArrayList<>();
    for (String id : ids) {
      Group g = groups.get(id);
      if (g == null) {
        out.add(new GroupSummary(id, GroupState.Empty, 0, null, classroom.contains(id)));
        continue;
      }
      g.lock.lock();
      try {
        g.expire(clock.milliseconds());
        out.add(
            new GroupSummary(
                id, g.state(), g.members().size(), g.assignor(), classroom.contains(id)));
      } finally {
        g.lock.unlock();
      }
    }
    return out;
  }

  @Override
  public GroupDescription describe(String group) {
    checkGroupId(group);
    Group g = groups.get(group);
    Map<TopicPartition, CommittedOffset> committed = offsets.all(group);
    if (g == null) {
      if (committed.isEmpty() && !offsets.isClassroomConsumer(group)) {
        throw unknownGroup(group);
      }
      return new GroupDescription(
          group, GroupState.Empty, 0, null, List.of(), offsetsWithLag(committed, Set.of()));
    }
    g.lock.lock();
    try {
      long now = clock.milliseconds();
      g.expire(now);
      List<MemberDescription> members = new ArrayList<>();
      Set<TopicPartition> owned = new TreeSet<>(Member.ORDER);
      for (Member m : g.members()) {
        owned.addAll(m.owned);
        members.add(
            new MemberDescription(
                m.id,
                m.clientId,
                m.topics,
                m.assignment(),
                m.pollsInFlight > 0 ? 0 : Math.max(0, now - m.lastSeenMs)));
      }
      return new GroupDescription(
          group,
          g.state(),
          g.generation(),
          g.assignor(),
          members,
          offsetsWithLag(offsets.all(group), owned));
    } finally {
      g.lock.unlock();
    }
  }

  private List<PartitionOffset> offsetsWithLag(
      Map<TopicPartition, CommittedOffset> committed, Set<TopicPartition> owned) {
    Set<TopicPartition> all = new TreeSet<>(Member.ORDER);
    all.addAll(committed.keySet());
    all.addAll(owned);
    List<PartitionOffset> out = new ArrayList<>();
    for (TopicPartition tp : all) {
      CommittedOffset c = committed.get(tp);
      Long hw;
      try {
        hw = logs.log(tp).highWatermark();
      } catch (UnknownTopicOrPartitionException gone) {
        hw = null;
      }
      Long lag = c == null || hw == null ? null : Math.max(0, hw - c.offset());
      out.add(
          new PartitionOffset(
              tp, c == null ? null : c.offset(), c == null ? null : c.metadata(), hw, lag));
    }
    return out;
  }

  @Override
  public List<OffsetCommit> resetOffsets(
      String group, String topic, List<Integer> partitions, OffsetSpec to) {
    checkGroupId(group);
    TopicNames.validate(topic);
    TopicMetadata meta =
        logs.topic(topic)
            .filter(t -> !t.name().equals(internalTopic))
            .orElseThrow(
                () -> new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist"));
    List<Integer> chosen = new ArrayList<>();
    if (partitions == null) {
      for (int p = 0; p < meta.partitions(); p++) {
        chosen.add(p);
      }
    } else {
      for (int p : partitions) {
        if (p < 0 || p >= meta.partitions()) {
          throw new UnknownTopicOrPartitionException(
              "topic '"
                  + topic
                  + "' has partitions 0 to "
                  + (meta.partitions() - 1)
                  + "; there is no partition "
                  + p);
        }
        chosen.add(p);
      }
    }
    Map<TopicPartition, Long> target = new TreeMap<>(Member.ORDER);
    for (int p : chosen) {
      TopicPartition tp = new TopicPartition(topic, p);
      target.put(tp, resolve(tp, to));
    }
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    List<OffsetCommit> out =
        withGroup(
            group,
            g -> {
              g.expire(clock.milliseconds());
              if (!g.isEmpty()) {
                throw nonEmpty(group, g, "reset its offsets");
              }
              List<OffsetCommit> done = new ArrayList<>();
              target.forEach(
                  (tp, o) -> {
                    durable.add(offsets.put(group, tp, o, ""));
                    done.add(new OffsetCommit(tp, o, ""));
                  });
              return done;
            });
    awaitAll(durable);
    return out;
  }

  @Override
  public void delete(String group) {
    checkGroupId(group);
    boolean known =
        groups.containsKey(group)
            || !offsets.all(group).isEmpty()
            || offsets.isClassroomConsumer(group);
    if (!known) {
      throw unknownGroup(group);
    }
    withGroup(
        group,
        g -> {
          g.expire(clock.milliseconds());
          if (!g.isEmpty()) {
            throw nonEmpty(group, g, "delete it");
          }
          offsets.deleteGroup(group);
          g.deleted = true;
          groups.remove(group, g);
          return null;
        });
  }

  /**
   * Who owns what in the group, partitions being revoked included, with the invariants of {@link
   * Group} checked: for tests, which must see ownership that the API shows only in part.
   */
  Map<String, Set<TopicPartition>> ownership(String group) {
    Group g = groups.get(group);
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

  /** Runs {@code action} on the group (created if needed) under its lock. */
  private <T> T withGroup(String group, Function<Group, T> action) {
    while (true) {
      Group g = groups.computeIfAbsent(group, id -> new Group(id, logs, offsets));
      g.lock.lock();
      try {
        if (g.deleted) {
          continue;
        }
        return action.apply(g);
      } finally {
        g.lock.unlock();
      }
    }
  }

  private Group existing(String group, String memberId) {
    checkGroupId(group);
    if (memberId == null || memberId.isEmpty()) {
      throw new InvalidRequestException("member id is empty");
    }
    Group g = groups.get(group);
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

  private static void checkGroupId(String group) {
    if (group == null) {
      throw new InvalidGroupIdException("group id is required");
    }
    try {
      Ids.validateOrGenerate("group id", group, "");
    } catch (InvalidRequestException e) {
      throw new InvalidGroupIdException(e.getMessage());
    }
  }

  private static void checkRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static UnknownConsumerException unknownGroup(String group) {
    return new UnknownConsumerException(
        "group '" + group + "' does not exist (no members, no committed offsets)");
  }

  private static NonEmptyGroupException nonEmpty(String group, Group g, String what) {
    return new NonEmptyGroupException(
        "group '"
            + group
            + "' has "
            + g.members().size()
            + " live member(s); they must leave (or time out) before you can "
            + what);
  }

  private static List<TopicPartition> sorted(Set<TopicPartition> tps) {
    List<TopicPartition> out = new ArrayList<>(tps);
    out.sort(Member.ORDER);
    return List.copyOf(out);
  }

  private static void awaitAll(List<CompletableFuture<Void>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
