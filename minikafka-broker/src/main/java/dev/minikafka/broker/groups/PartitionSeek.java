package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;

/**
 * Move the position of one partition.
 *
 * @param partition the partition, which the member must own
 * @param to where to move it
 */
public record PartitionSeek(TopicPartition partition, OffsetSpec to) {}
