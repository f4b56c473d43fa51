package dev.minikafka.broker;

/**
 * A topic in a list of topics.
 *
 * @param name the topic's name
 * @param partitions its partition count
 */
public record TopicSummary(String name, int partitions) {}
