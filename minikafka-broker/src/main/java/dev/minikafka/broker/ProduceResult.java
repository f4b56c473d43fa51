package dev.minikafka.broker;

/**
 * Where a produced message was stored.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset its offset in that partition
 * @param timestamp its timestamp in milliseconds since the epoch
 */
public record ProduceResult(String topic, int partition, long offset, long timestamp) {}
