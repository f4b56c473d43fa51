package dev.minikafka.broker;

import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.TopicMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topic administration: create, list, describe, change configs, add partitions, delete. The
 * broker's internal topics are neither listed nor changed.
 *
 * <p>Thread-safety: safe for concurrent use; the log manager serializes topic changes.
 */
public final class TopicService {
  /** The configs a client may set, by Kafka name, in the order descriptions list them. */
  public static final Set<String> SETTABLE_CONFIGS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(
                  LogConfig.RETENTION_MS,
                  LogConfig.RETENTION_BYTES,
                  LogConfig.SEGMENT_BYTES,
                  LogConfig.SEGMENT_MS,
                  LogConfig.MAX_MESSAGE_BYTES)));

  private final LogManager logs;
  private final TopicSignals signals;

  TopicService(LogManager logs, TopicSignals signals) {
    this.logs = logs;
    this.signals = signals;
  }

  /**
   * Creates a topic.
   *
   * @param configs values of {@link #SETTABLE_CONFIGS} that differ from the broker's defaults
   * @throws dev.minikafka.core.errors.InvalidTopicException for a name that breaks Kafka's rule
   * @throws dev.minikafka.core.errors.InvalidRequestException for an internal topic's name
   * @throws dev.minikafka.core.errors.TopicExistsException when the name is taken
   * @throws dev.minikafka.core.errors.InvalidPartitionsException for a count out of range
   * @throws InvalidConfigException for an unknown config or a bad value, naming it
   */
  public TopicDescription create(String name, int partitions, Map<String, String> configs) {
    UserTopics.check(name);
    checkSettable(configs);
    return describe(logs.createTopic(name, partitions, configs));
  }

  /** Every user topic, sorted by name. */
  public List<TopicSummary> list() {
    List<TopicSummary> out = new ArrayList<>();
    for (TopicMetadata t : logs.topics()) {
      if (!UserTopics.isInternal(t.name())) {
        out.add(new TopicSummary(t.name(), t.partitions()));
      }
    }
    return out;
  }

  /**
   * Describes a topic: its configs and each partition's offsets and size.
   *
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when it does not exist
   */
  public TopicDescription describe(String name) {
    return describe(UserTopics.existing(logs, name));
  }

  /**
   * Changes some configs; the others keep their values.
   *
   * @throws InvalidConfigException for an unknown config or a bad value, naming it; nothing changes
   */
  public TopicDescription alterConfigs(String name, Map<String, String> configs) {
    UserTopics.existing(logs, name);
    checkSettable(configs);
    return describe(logs.alterTopicConfig(name, configs));
  }

  /**
   * Raises the partition count to {@code count}.
   *
   * @throws dev.minikafka.core.errors.InvalidPartitionsException when {@code count} is not larger
   *     than the current count, or over the limit
   */
  public TopicDescription addPartitions(String name, int count) {
    UserTopics.existing(logs, name);
    TopicMetadata meta = logs.addPartitions(name, count);
    signals.bump(name); // readers waiting on the topic see its new shape
    return describe(meta);
  }

  /**
   * Deletes a topic and its data.
   *
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when it does not exist
   */
  public void delete(String name) {
    UserTopics.existing(logs, name);
    logs.deleteTopic(name);
    signals.bump(name); // long-polls on it wake and find it gone
  }

  private TopicDescription describe(TopicMetadata meta) {
    Map<String, String> all = meta.config().toMap();
    Map<String, String> configs = new LinkedHashMap<>();
    for (String key : SETTABLE_CONFIGS) {
      configs.put(key, all.get(key));
    }
    List<PartitionState> partitions = new ArrayList<>(meta.partitions());
    for (int p = 0; p < meta.partitions(); p++) {
      PartitionLog log = logs.log(new TopicPartition(meta.name(), p));
      partitions.add(
          new PartitionState(
              p, log.logStartOffset(), log.highWatermark(), log.sizeInBytes(), log.segmentCount()));
    }
    return new TopicDescription(meta.name(), meta.topicId(), configs, partitions);
  }

  private static void checkSettable(Map<String, String> configs) {
    for (String key : configs.keySet()) {
      if (!SETTABLE_CONFIGS.contains(key)) {
        throw new InvalidConfigException(
            "unknown topic config '" + key + "'; the settable ones are " + SETTABLE_CONFIGS);
      }
    }
  }
}
