package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;
import java.util.List;

/**
 * The answer to a poll.
 *
 * @param pollId this answer's number among the member's answers (1, 2, ...), to quote as the next
 *     poll's {@link PollRequest#lastPollId()}
 * @param generation the group's generation, to quote in commits
 * @param assignment the partitions the member reads now
 * @param added partitions it received since its previous poll
 * @param revoked partitions it must give up: it may still commit them until its next poll
 * @param records what was read from the assignment, in partition order
 */
public record PollResult(
    long pollId,
    int generation,
    List<TopicPartition> assignment,
    List<TopicPartition> added,
    List<TopicPartition> revoked,
    List<GroupRecord> records) {}
