package dev.minikafka.broker;

/**
 * The outcome of registering a topic.
 *
 * @param topic the topic's name
 * @param partitions its partition count
 * @param created whether this call created it
 */
public record TopicRegistration(String topic, int partitions, boolean created) {}
