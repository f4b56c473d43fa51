package dev.minikafka.client;

import dev.minikafka.client.internal.AdminApi;
import dev.minikafka.client.internal.ConnectionSettings;
import dev.minikafka.client.internal.Transport;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Manages a broker's topics and consumer groups over the {@code /v1} HTTP API. Each method is one
 * request and blocks until the broker answers; the broker's refusals come as the typed exceptions
 * of {@code dev.minikafka.core.errors} (e.g. {@link
 * dev.minikafka.core.errors.TopicExistsException}, {@link
 * dev.minikafka.core.errors.NonEmptyGroupException}), transport failures as {@link
 * MiniKafkaClientException}s. Nothing is retried: admin requests are not all safe to repeat.
 *
 * <p>Thread-safe: share one instance; it keeps its connections open until {@link #close()}.
 */
public final class Admin implements AutoCloseable {
  private final Transport transport;
  private final AdminApi api;

  private Admin(Transport transport, Duration requestTimeout) {
    this.transport = transport;
    this.api = new AdminApi(transport, requestTimeout);
  }

  /** A builder; only {@link Builder#bootstrap} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Creates a topic and returns its description. */
  public TopicDescription createTopic(NewTopic topic) {
    return api.createTopic(topic);
  }

  /** Creates topics one after another; stops at the first the broker refuses. */
  public List<TopicDescription> createTopics(Collection<NewTopic> topics) {
    return topics.stream().map(api::createTopic).toList();
  }

  /** Every topic with its partition count. */
  public List<TopicListing> listTopics() {
    return api.listTopics();
  }

  /** A topic's configs and partitions. */
  public TopicDescription describeTopic(String topic) {
    return api.describeTopic(topic);
  }

  /** Sets the given configs of a topic; the others keep their values. */
  public void alterConfigs(String topic, Map<String, String> configs) {
    api.alterConfigs(topic, configs);
  }

  /** Grows a topic to {@code newTotal} partitions. */
  public void addPartitions(String topic, int newTotal) {
    api.addPartitions(topic, newTotal);
  }

  /** Deletes a topic and its data. */
  public void deleteTopic(String topic) {
    api.deleteTopic(topic);
  }

  /** Looks up an offset: earliest, latest, or the first at or after a timestamp. */
  public ListedOffset listOffset(TopicPartition partition, OffsetSpec spec) {
    return api.listOffset(partition, spec);
  }

  /** Every consumer group. */
  public List<GroupListing> listGroups() {
    return api.listGroups();
  }

  /** A group's state, members, committed offsets and lag. */
  public GroupDescription describeGroup(String group) {
    return api.describeGroup(group);
  }

  /**
   * Moves a group's committed offsets on {@code topic} (the listed partitions, or all when none are
   * listed). The group must have no members.
   */
  public void resetOffsets(
      String group, String topic, OffsetSpec to, Collection<Integer> partitions) {
    api.resetOffsets(group, topic, to, partitions);
  }

  /** Deletes a group without members, and its committed offsets. */
  public void deleteGroup(String group) {
    api.deleteGroup(group);
  }

  /** Closes the connections. */
  @Override
  public void close() {
    transport.close();
  }

  /** Builds an {@link Admin}. Not thread-safe. */
  public static final class Builder {
    private ConnectionSettings connection = ConnectionSettings.DEFAULTS;

    private Builder() {}

    /** The broker's base URL, e.g. {@code http://127.0.0.1:8000}. Required. */
    public Builder bootstrap(String url) {
      connection = connection.withBootstrap(url);
      return this;
    }

    /** How long one request may take; default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      connection = connection.withRequestTimeout(timeout, "request timeout");
      return this;
    }

    /** How long to wait for a TCP connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      connection = connection.withConnectTimeout(timeout);
      return this;
    }

    /**
     * Builds the client; it connects on first use.
     *
     * @throws IllegalArgumentException if the bootstrap URL is missing or malformed
     */
    public Admin build() {
      return new Admin(connection.transport(), connection.requestTimeout());
    }
  }
}
