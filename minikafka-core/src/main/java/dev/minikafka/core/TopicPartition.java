package dev.minikafka.core;

import java.util.Objects;

/**
 * One partition of one topic.
 *
 * @param topic a topic name that passes {@link TopicNames#validate(String)}
 * @param partition the partition number, zero or more
 */
public record TopicPartition(String topic, int partition) {

  /** Checks the invariants: a valid topic name and a non-negative partition. */
  public TopicPartition {
    TopicNames.validate(Objects.requireNonNull(topic, "topic"));
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, was " + partition);
    }
  }

  /** Returns {@code topic-partition}, the name of this partition's directory, as Kafka names it. */
  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
