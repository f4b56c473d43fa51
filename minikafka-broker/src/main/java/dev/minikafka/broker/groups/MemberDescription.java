package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;
import java.util.List;

/**
 * A live member as describe shows it.
 *
 * @param memberId its id
 * @param clientId the name it gave, or null
 * @param topics its subscription
 * @param assignment the partitions it owns
 * @param lastPollMsAgo milliseconds since its last join or poll (0 while a poll is waiting)
 */
public record MemberDescription(
    String memberId,
    String clientId,
    List<String> topics,
    List<TopicPartition> assignment,
    long lastPollMsAgo) {}
