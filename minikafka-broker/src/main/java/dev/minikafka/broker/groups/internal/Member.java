package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.groups.OffsetReset;
import dev.minikafka.core.TopicPartition;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One live member of a group and what the group knows of it.
 *
 * <p>Invariants: {@code revoking ⊆ owned}; {@code positions} has a key for each owned partition and
 * no other; {@code lastPollId} only grows. Not thread-safe: only touched under its group's lock.
 */
final class Member {
  /** Partitions by topic, then number. */
  static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  final String id;
  final String clientId;
  final List<String> topics;
  final long sessionTimeoutMs;
  final OffsetReset reset;
  final boolean autoCommit;

  /** The generation this member last learned of (by its join or a poll). */
  int generation;

  /** When it last joined or polled, by the coordinator's clock. */
  long lastSeenMs;

  /** Polls of this member in progress; a member waiting in a poll is alive. */
  int pollsInFlight;

  /** What the assignor wants it to own. */
  Set<TopicPartition> target = new TreeSet<>(ORDER);

  /** What it owns: no other live member owns any of these. */
  final Set<TopicPartition> owned = new TreeSet<>(ORDER);

  /** Owned partitions it was told to give up; they are released at its next poll. */
  final Set<TopicPartition> revoking = new TreeSet<>(ORDER);

  /** The next offset to return, per owned partition. */
  final Map<TopicPartition, Long> positions = new HashMap<>();

  /** The number of its latest poll answer; 0 before the first. */
  long lastPollId;

  /**
   * Its positions just before the read of its latest answer (since moved by seeks of those
   * partitions): where a poll goes back to when that answer was lost on its way. May name
   * partitions it no longer owns; those are ignored.
   */
  Map<TopicPartition, Long> positionsBeforeLastPoll = Map.of();

  /** Rotates the partition a poll reads first, so one busy partition does not starve others. */
  int nextFirst;

  Member(
      String id,
      String clientId,
      List<String> topics,
      long sessionTimeoutMs,
      OffsetReset reset,
      boolean autoCommit,
      long nowMs) {
    this.id = id;
    this.clientId = clientId;
    this.topics = List.copyOf(topics);
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.reset = reset;
    this.autoCommit = autoCommit;
    this.lastSeenMs = nowMs;
  }

  /** The partitions it reads now: owned and not being revoked. */
  List<TopicPartition> assignment() {
    Set<TopicPartition> out = new TreeSet<>(ORDER);
    out.addAll(owned);
    out.removeAll(revoking);
    return List.copyOf(out);
  }

  boolean expired(long nowMs) {
    return pollsInFlight == 0 && nowMs - lastSeenMs >= sessionTimeoutMs;
  }
}
