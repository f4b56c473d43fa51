package dev.minikafka.cli;

import dev.minikafka.client.Admin;
import dev.minikafka.client.NewTopic;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;

/** Topic look-ups shared by the commands that read or write a topic. */
final class Topics {
  private Topics() {}

  /**
   * Creates {@code topic} with one partition and the broker's default configs unless it exists;
   * returns whether this call created it. Another client creating it meanwhile is fine.
   */
  static boolean ensureExists(BrokerOption broker, String topic) {
    try (Admin admin = broker.admin()) {
      try {
        admin.describeTopic(topic);
        return false;
      } catch (UnknownTopicOrPartitionException missing) {
        try {
          admin.createTopic(NewTopic.of(topic, 1));
          return true;
        } catch (TopicExistsException raced) {
          return false;
        }
      }
    }
  }
}
