package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.PartitionBatches;
import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.broker.groups.GroupState;
import dev.minikafka.broker.groups.OffsetReset;
import dev.minikafka.broker.internal.BatchReads;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.TopicMetadata;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer group: its members, generation, assignor, target assignment and who owns what.
 *
 * <p>Invariants, true whenever the lock is free: every partition has at most one owner, and {@link
 * #owners} is exactly the inverse of the members' {@code owned} sets; a member owns only partitions
 * of its subscribed topics that exist; a partition passes to its target owner only once no member
 * owns it, i.e. after its previous owner released it (next poll, leave or eviction).
 *
 * <p>Thread-safety: every method except {@link #wakeAll} and the waiter registration must be called
 * with {@link #lock} held. One lock per group: groups never wait on each other.
 */
final class Group {
  final String id;
  final ReentrantLock lock = new ReentrantLock();

  private final LogManager logs;
  private final OffsetStore offsets;
  private final Map<String, Member> members = new TreeMap<>();
  private final Map<TopicPartition, Member> owners = new HashMap<>();
  private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet();
  private Map<String, Integer> partitionCounts = Map.of();
  private Assignor assignor;
  private int generation;

  /** Set when the group was deleted; a thread that locked a deleted group starts over. */
  boolean deleted;

  Group(String id, LogManager logs, OffsetStore offsets) {
    this.id = id;
    this.logs = logs;
    this.offsets = offsets;
  }

  int generation() {
    return generation;
  }

  Assignor assignor() {
    return assignor;
  }

  Collection<Member> members() {
    return members.values();
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  GroupState state() {
    if (members.isEmpty()) {
      return GroupState.Empty;
    }
    for (Member m : members.values()) {
      if (!m.revoking.isEmpty() || !m.owned.equals(m.target)) {
        return GroupState.Rebalancing;
      }
    }
    return GroupState.Stable;
  }

  /** The owner of {@code tp}, or null. */
  Member owner(TopicPartition tp) {
    return owners.get(tp);
  }

  /**
   * The live member {@code memberId}.
   *
   * @throws UnknownMemberIdException when it is not a member of this group
   */
  Member member(String memberId) {
    Member m = members.get(memberId);
    if (m == null) {
      throw new UnknownMemberIdException(
          "member '"
              + memberId
              + "' is not a live member of group '"
              + id
              + "' (it left, was evicted after its session timeout, belongs to another group, or"
              + " the broker restarted); join again");
    }
    return m;
  }

  /** Sets the assignor when the group has no members (the first member chooses it). */
  void chooseAssignor(Assignor a) {
    if (members.isEmpty()) {
      assignor = a;
    }
  }

  /** Adds a member and starts a new generation. */
  void add(Member m) {
    members.put(m.id, m);
    rebalance();
  }

  /** Removes a member, releasing its partitions, and starts a new generation. */
  void remove(Member m) {
    release(m, List.copyOf(m.owned));
    members.remove(m.id);
    if (members.isEmpty()) {
      assignor = null;
    }
    rebalance();
  }

  /** Evicts every member whose session timed out; returns how many. */
  int expire(long nowMs) {
    List<Member> expired = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.expired(nowMs)) {
        expired.add(m);
      }
    }
    for (Member m : expired) {
      release(m, List.copyOf(m.owned));
      members.remove(m.id);
    }
    if (!expired.isEmpty()) {
      if (members.isEmpty()) {
        assignor = null;
      }
      rebalance();
    }
    return expired.size();
  }

  /** Starts a new generation when a subscribed topic's partition count changed. */
  void refreshTopics() {
    if (!currentCounts().equals(partitionCounts)) {
      rebalance();
    }
  }

  /**
   * A new generation: drops ownership of partitions that no longer exist, computes every member's
   * target with the assignor, and wakes waiting polls so owners learn of revocations.
   */
  private void rebalance() {
    generation++;
    partitionCounts = currentCounts();
    for (Member m : members.values()) {
      List<TopicPartition> gone = new ArrayList<>();
      for (TopicPartition tp : m.owned) {
        if (tp.partition() >= partitionCounts.getOrDefault(tp.topic(), 0)) {
          gone.add(tp);
        }
      }
      release(m, gone);
    }
    Map<String, Assignments.MemberInput> inputs = new TreeMap<>();
    for (Member m : members.values()) {
      inputs.put(m.id, new Assignments.MemberInput(m.topics, Set.copyOf(m.owned)));
    }
    Map<String, Set<TopicPartition>> targets =
        assignor == null
            ? Map.of()
            : Assignments.compute(assignor, inputs, partitionCounts, generation);
    for (Member m : members.values()) {
      Set<TopicPartition> t = new TreeSet<>(Member.ORDER);
      t.addAll(targets.getOrDefault(m.id, Set.of()));
      m.target = t;
    }
    wakeAll();
  }

  private Map<String, Integer> currentCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Member m : members.values()) {
      for (String topic : m.topics) {
        counts.computeIfAbsent(topic, t -> logs.topic(t).map(TopicMetadata::partitions).orElse(0));
      }
    }
    return counts;
  }

  /** Gives up partitions: they become free for their target owner. */
  void release(Member m, Collection<TopicPartition> tps) {
    if (tps.isEmpty()) {
      return;
    }
    for (TopicPartition tp : tps) {
      m.owned.remove(tp);
      m.revoking.remove(tp);
      m.positions.remove(tp);
      owners.remove(tp);
    }
    wakeAll();
  }

  /** Releases what the member was told to give up in its previous answer. */
  void releaseRevoked(Member m) {
    release(m, List.copyOf(m.revoking));
  }

  /**
   * Brings the member up to date with its target: announces partitions it must give up (they stay
   * owned until its next poll) and takes free partitions of its target.
   */
  void sync(Member m, Set<TopicPartition> added, Set<TopicPartition> revoked) {
    for (TopicPartition tp : m.owned) {
      if (!m.target.contains(tp) && m.revoking.add(tp)) {
        revoked.add(tp);
      }
    }
    for (TopicPartition tp : m.target) {
      if (!m.owned.contains(tp) && !owners.containsKey(tp)) {
        m.owned.add(tp);
        owners.put(tp, m);
        m.positions.put(tp, initialPosition(m, tp));
        added.add(tp);
      }
    }
  }

  private long initialPosition(Member m, TopicPartition tp) {
    CommittedOffset c = offsets.get(id, tp);
    if (c != null) {
      return c.offset();
    }
    return resetPosition(m.reset, logs.log(tp));
  }

  private static long resetPosition(OffsetReset reset, PartitionLog log) {
    return reset == OffsetReset.EARLIEST ? log.logStartOffset() : log.highWatermark();
  }

  /**
   * Reads from the member's assignment, from its positions, and moves them past what it returns.
   */
  List<GroupRecord> fetch(Member m, int maxRecords, long maxBytes) {
    List<TopicPartition> assignment = m.assignment();
    Answer answer = new Answer(maxRecords, maxBytes);
    if (assignment.isEmpty()) {
      return answer.records;
    }
    int first = Math.floorMod(m.nextFirst++, assignment.size());
    for (int i = 0; i < assignment.size() && !answer.full(); i++) {
      TopicPartition tp = assignment.get((first + i) % assignment.size());
      try {
        fetchPartition(m, tp, answer);
      } catch (UnknownTopicOrPartitionException | OffsetOutOfRangeException raced) {
        // Deleted or trimmed under us; the next rebalance or poll sorts it out.
      }
    }
    return answer.records;
  }

  /**
   * Reads whole batches from the member's assignment, from its positions, and moves each position
   * to the end of the last batch returned of its partition. {@code maxRecords} counts records at or
   * after the positions, {@code maxBytes} stored bytes; the batch that reaches either comes whole,
   * and the first batch of the answer comes whatever its size.
   */
  List<PartitionBatches> fetchBatches(
      Member m, int maxRecords, long maxBytes, Set<Compression> codecs) {
    List<TopicPartition> assignment = m.assignment();
    List<PartitionBatches> out = new ArrayList<>();
    if (assignment.isEmpty()) {
      return out;
    }
    long records = 0;
    long bytes = 0;
    int first = Math.floorMod(m.nextFirst++, assignment.size());
    for (int i = 0; i < assignment.size() && records < maxRecords && bytes < maxBytes; i++) {
      TopicPartition tp = assignment.get((first + i) % assignment.size());
      try {
        PartitionLog log = logs.log(tp);
        long position = validPosition(m, tp, log);
        if (position >= log.highWatermark()) {
          continue;
        }
        // The answer's first partition comes with its first batch whatever its size; past it, a
        // batch larger than the bytes left is not read, and waits for the next poll.
        PartitionBatches read =
            BatchReads.read(
                tp,
                log,
                position,
                (int) (maxRecords - records),
                maxBytes - bytes,
                out.isEmpty(),
                codecs);
        int size = read.sizeInBytes();
        if (read.batches().isEmpty()) {
          continue;
        }
        out.add(read);
        records += read.nextOffset() - position;
        bytes += size;
        m.positions.put(tp, read.nextOffset());
      } catch (UnknownTopicOrPartitionException | OffsetOutOfRangeException raced) {
        // Deleted or trimmed under us; the next rebalance or poll sorts it out.
      }
    }
    return out;
  }

  /**
   * The member's position in {@code tp}, first reset by its {@code auto_offset_reset} when it fell
   * outside the log (retention passed it, or the log is shorter than the committed offset), as
   * Kafka's {@code auto.offset.reset} does.
   */
  private static long validPosition(Member m, TopicPartition tp, PartitionLog log) {
    long position = m.positions.get(tp);
    if (position < log.logStartOffset() || position > log.highWatermark()) {
      position = resetPosition(m.reset, log);
      m.positions.put(tp, position);
    }
    return position;
  }

  /** The records of one poll answer and what they count against its limits. */
  private static final class Answer {
    final List<GroupRecord> records = new ArrayList<>();
    final int maxRecords;
    final long maxBytes;
    long bytes;

    Answer(int maxRecords, long maxBytes) {
      this.maxRecords = maxRecords;
      this.maxBytes = maxBytes;
    }

    boolean full() {
      return records.size() >= maxRecords || (!records.isEmpty() && bytes >= maxBytes);
    }

    /** Whether a record of {@code size} bytes may join; the first always may. */
    boolean fits(long size) {
      return records.size() < maxRecords && (records.isEmpty() || bytes + size <= maxBytes);
    }

    int byteBudget() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes - bytes));
    }
  }

  /** Reads one partition from the member's position until it is caught up or a limit is hit. */
  private void fetchPartition(Member m, TopicPartition tp, Answer answer) {
    PartitionLog log = logs.log(tp);
    long position = validPosition(m, tp, log);
    while (position < log.highWatermark() && !answer.full()) {
      List<LogRecord> read =
          log.read(position, answer.byteBudget())
              .records()
              .records(position, answer.maxRecords - answer.records.size());
      if (read.isEmpty()) {
        return;
      }
      for (LogRecord r : read) {
        long size = size(r);
        if (!answer.fits(size)) {
          return;
        }
        answer.records.add(new GroupRecord(tp, r));
        answer.bytes += size;
        position = r.offset() + 1;
        m.positions.put(tp, position);
      }
    }
  }

  private static long size(LogRecord r) {
    long size =
        (r.key() == null ? 0L : r.key().length) + (r.value() == null ? 0L : r.value().length);
    for (RecordHeader h : r.data().headers()) {
      size += h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return size;
  }

  /**
   * Commits the member's positions that differ from the committed offsets; the futures complete
   * when they are durable.
   */
  void commitMovedPositions(Member m, List<CompletableFuture<Void>> durable) {
    for (Map.Entry<TopicPartition, Long> e : m.positions.entrySet()) {
      CommittedOffset c = offsets.get(id, e.getKey());
      if (c == null || c.offset() != e.getValue()) {
        durable.add(offsets.put(id, e.getKey(), e.getValue(), c == null ? "" : c.metadata()));
      }
    }
  }

  /** Registers a poll to wake on any change of the group. */
  void addWaiter(Runnable wake) {
    waiters.add(wake);
  }

  void removeWaiter(Runnable wake) {
    waiters.remove(wake);
  }

  /** Wakes every waiting poll of the group; they re-check their assignment. */
  void wakeAll() {
    for (Runnable w : waiters) {
      w.run();
    }
  }
}
