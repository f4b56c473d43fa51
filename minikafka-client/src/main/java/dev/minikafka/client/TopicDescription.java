package dev.minikafka.client;

import java.util.List;
import java.util.Map;

/**
 * A topic's configs and partitions.
 *
 * @param name its name
 * @param configs its configs, values as text
 * @param partitions its partitions, by number
 */
public record TopicDescription(
    String name, Map<String, String> configs, List<PartitionDescription> partitions) {
  /** Copies the collections. */
  public TopicDescription {
    configs = Map.copyOf(configs);
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition of a described topic.
   *
   * @param partition its number
   * @param logStartOffset the first offset still stored
   * @param highWatermark the offset the next record will get
   * @param sizeBytes the bytes its log takes on disk
   * @param segments how many segment files its log has
   */
  public record PartitionDescription(
      int partition, long logStartOffset, long highWatermark, long sizeBytes, int segments) {}
}
