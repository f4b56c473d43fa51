package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;

/**
 * One offset to commit.
 *
 * @param partition the partition
 * @param offset the next offset to read (Kafka's convention)
 * @param metadata free text stored with it, or null
 */
public record OffsetCommit(TopicPartition partition, long offset, String metadata) {}
