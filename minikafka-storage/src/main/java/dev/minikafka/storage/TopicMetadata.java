package dev.minikafka.storage;

import dev.minikafka.core.TopicNames;
import dev.minikafka.core.errors.InvalidPartitionsException;
import java.util.Map;
import java.util.Objects;

/**
 * What the log manager stores about a topic.
 *
 * @param name the topic's name, legal by Kafka's rule
 * @param topicId a random id fixed at creation, as Kafka's topic ids are
 * @param partitions the partition count, at least 1
 * @param overrides the topic's own config values, by Kafka name; the rest come from the defaults
 * @param config the effective configuration: defaults with the overrides applied
 */
public record TopicMetadata(
    String name, String topicId, int partitions, Map<String, String> overrides, LogConfig config) {

  /** Checks the invariants and copies the overrides. */
  public TopicMetadata {
    TopicNames.validate(name);
    Objects.requireNonNull(topicId, "topicId");
    if (partitions < 1) {
      throw new InvalidPartitionsException("a topic needs at least 1 partition, not " + partitions);
    }
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(config, "config");
  }
}
