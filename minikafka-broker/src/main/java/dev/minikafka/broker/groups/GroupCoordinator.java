package dev.minikafka.broker.groups;

import dev.minikafka.storage.record.Compression;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Consumer groups: members join, poll (the heartbeat), commit, seek and leave; the coordinator
 * assigns partitions with the group's Kafka assignor and stores committed offsets durably.
 *
 * <p>Invariants every implementation keeps:
 *
 * <ul>
 *   <li>No partition is ever owned by two live members. A partition moves in two steps: its owner's
 *       poll answer lists it as revoked, and it is handed to the next owner only after the old
 *       owner's next poll, its leave or its eviction.
 *   <li>A member owns only partitions of the topics it subscribed to.
 *   <li>Commits are fenced: an unknown or evicted member, a member quoting or holding an older
 *       generation, and a partition the member does not own are all refused, and nothing is stored.
 *   <li>Committed offsets change only by commits of owners, by resets of empty groups and by
 *       deletes; they survive restarts. Memberships do not: after a restart members rejoin.
 * </ul>
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface GroupCoordinator extends AutoCloseable {
  /** The shortest session timeout a member may ask for. */
  long MIN_SESSION_TIMEOUT_MS = 1_000;

  /** The longest session timeout a member may ask for. */
  long MAX_SESSION_TIMEOUT_MS = 300_000;

  /** The session timeout of a member that does not ask for one. */
  long DEFAULT_SESSION_TIMEOUT_MS = 30_000;

  /** The longest a poll may wait. */
  long MAX_POLL_TIMEOUT_MS = 300_000;

  /** The most records one poll may return. */
  long MAX_POLL_RECORDS = 10_000;

  /** The most bytes one poll may ask for. */
  long MAX_POLL_BYTES = 64L << 20;

  /** The longest metadata string a commit may store (Kafka's default limit). */
  int MAX_METADATA_CHARS = 4096;

  /** The most topics one member may subscribe to. */
  int MAX_TOPICS = 1000;

  /**
   * Adds a member to the group (creating the group), which starts a new generation.
   *
   * @throws dev.minikafka.core.errors.InvalidGroupIdException for an illegal group id
   * @throws dev.minikafka.core.errors.InvalidSessionTimeoutException outside the allowed range
   * @throws dev.minikafka.core.errors.InconsistentGroupProtocolException when the group's members
   *     use another assignor
   * @throws dev.minikafka.core.errors.InvalidRequestException for no or illegal topics
   */
  JoinResult join(String group, JoinRequest request);

  /**
   * Returns records from the member's positions and the member's current assignment; waits up to
   * the request's timeout when there is nothing to return, and answers early when records arrive or
   * the assignment changes. Counts as the member's heartbeat.
   *
   * @throws dev.minikafka.core.errors.UnknownMemberIdException when the member is not in the group
   * @throws dev.minikafka.core.errors.InvalidRequestException for limits out of range
   */
  PollResult poll(String group, String memberId, PollRequest request);

  /**
   * Polls as {@link #poll} does, but answers whole stored batches instead of records, for a member
   * that decodes them itself: no record is decoded on the broker. The member's position in a
   * partition moves to the end of the last batch returned (batches are never cut, so past {@code
   * maxRecords} when the last batch reaches beyond it). {@code maxRecords} counts records at or
   * after each position by the batches' offset spans; {@code maxBytes} counts stored batch bytes.
   *
   * @param codecs the codecs the member decodes; a batch in another is re-encoded uncompressed
   * @throws dev.minikafka.core.errors.UnknownMemberIdException when the member is not in the group
   * @throws dev.minikafka.core.errors.InvalidRequestException for limits out of range
   */
  BatchPollResult pollBatches(
      String group, String memberId, PollRequest request, Set<Compression> codecs);

  /**
   * Commits offsets; an empty list commits the member's current positions. Returns once they are
   * durable under the flush policy.
   *
   * @param generation the generation the member last saw, or null to skip that check
   * @return what was committed
   * @throws dev.minikafka.core.errors.UnknownMemberIdException when the member is not in the group
   * @throws dev.minikafka.core.errors.IllegalGenerationException for a stale generation or a
   *     partition the member does not own
   */
  List<OffsetCommit> commit(
      String group, String memberId, Integer generation, List<OffsetCommit> offsets);

  /**
   * Moves positions of partitions the member owns; committed offsets stay.
   *
   * @return the new positions
   * @throws dev.minikafka.core.errors.IllegalGenerationException for a partition it does not own
   * @throws dev.minikafka.core.errors.OffsetOutOfRangeException for an offset outside the log
   */
  List<OffsetCommit> seek(String group, String memberId, List<PartitionSeek> seeks);

  /**
   * Removes the member at once: its partitions go to the others. A member with auto-commit first
   * commits its positions.
   *
   * @throws dev.minikafka.core.errors.UnknownMemberIdException when the member is not in the group
   */
  default void leave(String group, String memberId) {
    leave(group, memberId, OptionalLong.empty());
  }

  /**
   * Removes the member as {@link #leave(String, String)} does. {@code lastPollId}, when present,
   * names the last poll answer the member received, as a poll's does: when a later answer was lost
   * on its way, the auto-commit of the leave commits the positions from before it, so that what the
   * member never saw is read again by the partitions' next owners.
   *
   * @throws dev.minikafka.core.errors.UnknownMemberIdException when the member is not in the group
   * @throws dev.minikafka.core.errors.InvalidRequestException when {@code lastPollId} names no
   *     answer of the member; it stays in the group
   */
  void leave(String group, String memberId, OptionalLong lastPollId);

  /** Every group with members or committed offsets, and every classroom consumer, by id. */
  List<GroupSummary> list();

  /**
   * The group's members, assignments and committed offsets with their lag.
   *
   * @throws dev.minikafka.core.errors.UnknownConsumerException when there is no such group
   */
  GroupDescription describe(String group);

  /**
   * Sets the committed offsets of a group without members.
   *
   * @param partitions the partitions of {@code topic} to reset, or null for all
   * @return the new committed offsets
   * @throws dev.minikafka.core.errors.NonEmptyGroupException while the group has members
   */
  List<OffsetCommit> resetOffsets(
      String group, String topic, List<Integer> partitions, OffsetSpec to);

  /**
   * Deletes a group without members, with its committed offsets (and a classroom consumer's
   * registration).
   *
   * @throws dev.minikafka.core.errors.NonEmptyGroupException while the group has members
   * @throws dev.minikafka.core.errors.UnknownConsumerException when there is no such group
   */
  void delete(String group);

  /** Stops evicting members; the groups' offsets stay stored. */
  @Override
  void close();
}
