package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;
import java.util.List;

/**
 * The answer to a poll.
 *
 * @param generation the group's generation, to quote in commits
 * @param assignment the partitions the member reads now
 * @param added partitions it received since its previous poll
 * @param revoked partitions it must give up: it may still commit them until its next poll
 * @param records what was read from the assignment, in partition order
 */
public record PollResult(
    int generation,
    List<TopicPartition> assignment,
    List<TopicPartition> added,
    List<TopicPartition> revoked,
    List<GroupRecord> records) {}
