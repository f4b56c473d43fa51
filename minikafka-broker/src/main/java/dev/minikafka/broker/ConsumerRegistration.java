package dev.minikafka.broker;

/**
 * A registered classroom consumer: a consumer group of one on one topic.
 *
 * @param consumerId the consumer's id, given or generated
 * @param topic the topic it reads
 * @param offset the next offset it will read (summed over partitions for a partitioned topic)
 */
public record ConsumerRegistration(String consumerId, String topic, long offset) {}
