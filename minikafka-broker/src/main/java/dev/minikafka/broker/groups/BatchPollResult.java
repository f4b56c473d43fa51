package dev.minikafka.broker.groups;

import dev.minikafka.broker.PartitionBatches;
import dev.minikafka.core.TopicPartition;
import java.util.List;

/**
 * The answer to a poll for whole batches ({@link GroupCoordinator#pollBatches}).
 *
 * @param pollId this answer's number among the member's answers (see {@link PollResult#pollId()})
 * @param generation the group's generation, to quote in commits
 * @param assignment the partitions the member reads now
 * @param added partitions it received since its previous poll
 * @param revoked partitions it must give up: it may still commit them until its next poll
 * @param partitions the batches read, per partition that had any, in the order they were read; each
 *     partition's {@code fetchOffset} is the member's position before the poll and its {@code
 *     nextOffset} the position after
 */
public record BatchPollResult(
    long pollId,
    int generation,
    List<TopicPartition> assignment,
    List<TopicPartition> added,
    List<TopicPartition> revoked,
    List<PartitionBatches> partitions) {}
