package dev.minikafka.storage;

import dev.minikafka.storage.record.FetchedRecords;

/**
 * What a read of a partition log returned, and the log's bounds when it was read.
 *
 * @param records whole batches, starting with the one that holds the requested offset; empty when
 *     the requested offset was the high watermark
 * @param highWatermark one past the last offset readers may see
 * @param logStartOffset the first offset still in the log
 */
public record LogReadResult(FetchedRecords records, long highWatermark, long logStartOffset) {}
