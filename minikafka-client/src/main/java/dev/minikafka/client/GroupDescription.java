package dev.minikafka.client;

import dev.minikafka.core.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A consumer group's state, members and committed offsets with their lag.
 *
 * @param groupId its id
 * @param state {@code Empty}, {@code Stable} or {@code Rebalancing}
 * @param generation its generation
 * @param assignor its assignor's name, or null
 * @param members its members
 * @param offsets committed offsets per partition
 */
public record GroupDescription(
    String groupId,
    String state,
    int generation,
    String assignor,
    List<Member> members,
    Map<TopicPartition, CommittedOffset> offsets) {

  /** Copies the collections. */
  public GroupDescription {
    members = List.copyOf(members);
    offsets = Map.copyOf(offsets);
  }

  /** The sum of the lag over every partition with a committed offset. */
  public long totalLag() {
    long total = 0;
    for (CommittedOffset o : offsets.values()) {
      total += o.lag().orElse(0);
    }
    return total;
  }

  /**
   * A member of the group.
   *
   * @param memberId its id
   * @param clientId the client id it joined with, or null
   * @param topics the topics it subscribes to
   * @param assignment the partitions it owns
   */
  public record Member(
      String memberId, String clientId, List<String> topics, Set<TopicPartition> assignment) {
    /** Copies the collections. */
    public Member {
      topics = List.copyOf(topics);
      assignment = Set.copyOf(assignment);
    }
  }

  /**
   * A partition of the group: committed, or owned by a member, or both.
   *
   * @param partition the partition
   * @param committed the next offset the group will read there; empty when a member owns it but the
   *     group never committed it
   * @param metadata the text committed with it, or null
   * @param highWatermark the partition's high watermark
   * @param lag records between the committed offset and the high watermark; empty without a
   *     committed offset
   */
  public record CommittedOffset(
      TopicPartition partition,
      OptionalLong committed,
      String metadata,
      long highWatermark,
      OptionalLong lag) {}
}
