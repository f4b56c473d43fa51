package dev.minikafka.cli;

import dev.minikafka.client.NewTopic;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;

/** Topic look-ups shared by the commands that read or write a topic. */
final class Topics {
  private Topics() {}

  /**
   * Creates {@code topic} with one partition and the broker's default configs unless it exists.
   * Another client creating it meanwhile is fine.
   */
  static void ensureExists(BrokerOption broker, String topic) {
    broker.useAdmin(
        admin -> {
          try {
            admin.describeTopic(topic);
          } catch (UnknownTopicOrPartitionException missing) {
            try {
              admin.createTopic(NewTopic.of(topic, 1));
            } catch (TopicExistsException raced) {
              // created by another client since the look-up: what this call wanted
            }
          }
        });
  }
}
