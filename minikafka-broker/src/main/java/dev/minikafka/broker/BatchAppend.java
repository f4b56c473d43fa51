package dev.minikafka.broker;

/**
 * Where a client's record batches were stored.
 *
 * @param partition the partition
 * @param baseOffset the offset of the first record
 * @param lastOffset the offset of the last record
 * @param duplicate true when the batch is a retry of an idempotent producer's stored batch, whose
 *     offsets these are; nothing was stored again
 */
public record BatchAppend(int partition, long baseOffset, long lastOffset, boolean duplicate) {}
