package dev.minikafka.broker.groups;

import java.util.List;

/**
 * What a member asks for when it joins.
 *
 * @param topics the topics it subscribes to, at least one
 * @param assignor the strategy it wants, or null for the group's (range for a new group)
 * @param sessionTimeoutMs how long it may go without polling before it is evicted
 * @param autoOffsetReset where to start partitions without a committed offset
 * @param autoCommit whether each poll first commits the positions of the previous one
 * @param clientId a name for people, shown by describe; may be null
 */
public record JoinRequest(
    List<String> topics,
    Assignor assignor,
    long sessionTimeoutMs,
    OffsetReset autoOffsetReset,
    boolean autoCommit,
    String clientId) {

  /** Copies the topics. */
  public JoinRequest {
    topics = List.copyOf(topics);
  }
}
