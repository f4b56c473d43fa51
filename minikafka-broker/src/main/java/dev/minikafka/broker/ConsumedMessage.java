package dev.minikafka.broker;

/**
 * A message handed to a classroom consumer.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset its offset in that partition
 * @param key its key, or null
 * @param value its value; text decoded as UTF-8
 * @param timestamp its timestamp in milliseconds since the epoch
 */
public record ConsumedMessage(
    String topic, int partition, long offset, String key, String value, long timestamp) {}
