package dev.minikafka.client;

/**
 * Where the broker stored a record.
 *
 * @param topic the record's topic
 * @param partition the partition it went to
 * @param offset its offset in that partition
 * @param timestamp its timestamp in epoch milliseconds (the producer's, or the broker's clock)
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {}
