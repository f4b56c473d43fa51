package dev.minikafka.client;

import dev.minikafka.core.TopicNames;
import java.util.Map;

/**
 * A topic to create.
 *
 * @param name a legal topic name
 * @param partitions how many partitions, at least one
 * @param configs topic configs such as {@code retention.ms} (a copy is kept)
 */
public record NewTopic(String name, int partitions, Map<String, String> configs) {
  /** Checks the name and count, and copies the configs. */
  public NewTopic {
    TopicNames.validate(name);
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    configs = Map.copyOf(configs == null ? Map.of() : configs);
  }

  /** A topic with the broker's default configs. */
  public static NewTopic of(String name, int partitions) {
    return new NewTopic(name, partitions, Map.of());
  }
}
