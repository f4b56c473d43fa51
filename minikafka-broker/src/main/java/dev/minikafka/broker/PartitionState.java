package dev.minikafka.broker;

/**
 * The state of one partition's log when it was described.
 *
 * @param partition the partition's number
 * @param logStartOffset the first offset still in the log
 * @param highWatermark one past the last offset readers may see
 * @param sizeBytes the bytes of all its segments
 * @param segments how many segments it has, the active one included
 */
public record PartitionState(
    int partition, long logStartOffset, long highWatermark, long sizeBytes, int segments) {}
