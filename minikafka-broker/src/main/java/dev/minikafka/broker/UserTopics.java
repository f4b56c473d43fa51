package dev.minikafka.broker;

import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.TopicMetadata;

/**
 * The checks every user-facing operation makes on a topic name and partition: the name follows
 * Kafka's rule, is not one of the broker's internal topics, and names a topic (and partition) that
 * exists. Errors name the valid range. Stateless.
 */
final class UserTopics {
  private UserTopics() {}

  /** Whether {@code topic} is internal to the broker: not listed, and not usable by clients. */
  static boolean isInternal(String topic) {
    return Broker.OFFSETS_TOPIC.equals(topic);
  }

  /**
   * Checks the name.
   *
   * @throws dev.minikafka.core.errors.InvalidTopicException for a name that breaks Kafka's rule
   * @throws InvalidRequestException for an internal topic
   */
  static void check(String topic) {
    TopicNames.validate(topic);
    if (isInternal(topic)) {
      throw new InvalidRequestException("topic '" + topic + "' is internal to the broker");
    }
  }

  /**
   * The metadata of an existing user topic.
   *
   * @throws UnknownTopicOrPartitionException when it does not exist
   */
  static TopicMetadata existing(LogManager logs, String topic) {
    check(topic);
    return logs.topic(topic)
        .orElseThrow(
            () -> new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist"));
  }

  /**
   * The log of an existing partition of a user topic.
   *
   * @throws UnknownTopicOrPartitionException naming the valid partitions when there is no such one
   */
  static PartitionLog log(LogManager logs, String topic, int partition) {
    TopicMetadata meta = existing(logs, topic);
    checkPartition(meta, partition, "");
    return logs.log(new TopicPartition(topic, partition));
  }

  /**
   * Checks that the topic has {@code partition}.
   *
   * @param context what the message starts with, e.g. {@code "records[3]: "}
   */
  static void checkPartition(TopicMetadata meta, int partition, String context) {
    if (partition < 0 || partition >= meta.partitions()) {
      throw new UnknownTopicOrPartitionException(
          context
              + "topic '"
              + meta.name()
              + "' has no partition "
              + partition
              + "; its partitions are "
              + (meta.partitions() == 1 ? "0 only" : "0 to " + (meta.partitions() - 1)));
    }
  }
}
