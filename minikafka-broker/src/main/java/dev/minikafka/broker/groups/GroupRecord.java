package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.LogRecord;

/**
 * A record returned by a poll, with the partition it came from.
 *
 * @param partition where it is stored
 * @param record its offset and contents
 */
public record GroupRecord(TopicPartition partition, LogRecord record) {}
