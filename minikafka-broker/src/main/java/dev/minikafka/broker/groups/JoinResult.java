package dev.minikafka.broker.groups;

import dev.minikafka.core.TopicPartition;
import java.util.List;

/**
 * The answer to a join.
 *
 * @param memberId the id the member uses from now on
 * @param generation the group's generation this join created
 * @param assignment the partitions the member owns at once (others may follow on later polls)
 * @param assignor the group's assignor
 * @param sessionTimeoutMs the member's session timeout
 */
public record JoinResult(
    String memberId,
    int generation,
    List<TopicPartition> assignment,
    Assignor assignor,
    long sessionTimeoutMs) {}
