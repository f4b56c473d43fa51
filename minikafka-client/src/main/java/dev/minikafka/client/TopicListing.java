package dev.minikafka.client;

/**
 * A topic as {@link Admin#listTopics()} lists it.
 *
 * @param name its name
 * @param partitions its partition count
 */
public record TopicListing(String name, int partitions) {}
