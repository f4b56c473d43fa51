package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;

/**
 * A partition's committed offset and how far behind the log it is.
 *
 * @param partition the partition
 * @param committed the committed offset, or null when none
 * @param metadata the text committed with it, or null
 * @param highWatermark the partition's high watermark, or null when the partition is gone
 * @param lag high watermark minus committed offset (never negative), or null when either is missing
 */
public record PartitionOffset(
    TopicPartition partition, Long committed, String metadata, Long highWatermark, Long lag) {}
