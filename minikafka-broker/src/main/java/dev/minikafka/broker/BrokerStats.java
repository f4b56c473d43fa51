package dev.minikafka.broker;

import java.util.Map;

/**
 * A summary of topics and classroom consumers, as {@code GET /stats} shows it.
 *
 * @param topics per topic: partitions and messages
 * @param consumers per consumer: topic and offset
 */
public record BrokerStats(Map<String, TopicStats> topics, Map<String, ConsumerStats> consumers) {

  /** Copies the maps. */
  public BrokerStats {
    topics = Map.copyOf(topics);
    consumers = Map.copyOf(consumers);
  }

  /**
   * One topic.
   *
   * @param partitions its partition count
   * @param messages the messages currently retained, over all partitions
   */
  public record TopicStats(int partitions, long messages) {}

  /**
   * One consumer.
   *
   * @param topic the topic it reads
   * @param offset its next offset (summed over partitions)
   */
  public record ConsumerStats(String topic, long offset) {}
}
