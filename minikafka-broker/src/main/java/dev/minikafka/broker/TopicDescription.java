package dev.minikafka.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic as described: its settings and each partition's state.
 *
 * @param name the topic's name
 * @param topicId the random id fixed when the topic was created
 * @param configs every settable config's effective value, by Kafka name, in a stable order
 * @param partitions one entry per partition, in partition order
 */
public record TopicDescription(
    String name, String topicId, Map<String, String> configs, List<PartitionState> partitions) {

  /** Copies the collections. */
  public TopicDescription {
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    partitions = List.copyOf(partitions);
  }
}
