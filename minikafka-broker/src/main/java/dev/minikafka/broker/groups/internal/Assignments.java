package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;

/**
 * Target assignments computed by kafka-clients' own assignors, so a group here gets exactly the
 * assignment a Kafka group with the same members, subscriptions and owned partitions would get.
 *
 * <p>Kafka's cooperative-sticky assignor leaves every partition that must change owner unassigned
 * in its first answer and assigns it in a follow-up rebalance; this class runs that follow-up at
 * once (owned partitions being the first answer), because the two-step handover is done by the
 * group itself. The target therefore covers every partition.
 *
 * <p>Stateless and thread-safe: a new assignor instance per call (the sticky ones keep state).
 */
public final class Assignments {
  private static final Node NODE = new Node(0, "minikafka", 0);

  private Assignments() {}

  /**
   * A member's side of the assignment.
   *
   * @param topics its subscription
   * @param owned the partitions it owns now
   */
  public record MemberInput(List<String> topics, Set<TopicPartition> owned) {}

  /**
   * The target owner of every partition of the subscribed topics.
   *
   * @param members by member id
   * @param partitionCounts partitions per topic; topics missing or at 0 get no assignment
   * @param generation the generation being computed, for the sticky assignors' member data
   * @return each member's target, for every member (possibly empty)
   */
  public static Map<String, Set<TopicPartition>> compute(
      Assignor assignor,
      Map<String, MemberInput> members,
      Map<String, Integer> partitionCounts,
      int generation) {
    Map<String, Set<TopicPartition>> result = new TreeMap<>();
    for (String id : members.keySet()) {
      result.put(id, new HashSet<>());
    }
    if (members.isEmpty()) {
      return result;
    }
    Cluster cluster = cluster(partitionCounts);
    Map<String, Set<TopicPartition>> owned = new HashMap<>();
    members.forEach((id, m) -> owned.put(id, m.owned()));
    Map<String, Set<TopicPartition>> target = assign(assignor, members, owned, cluster, generation);
    if (assignor == Assignor.COOPERATIVE_STICKY && !coversAll(target, members, partitionCounts)) {
      target = assign(assignor, members, target, cluster, generation + 1);
    }
    target.forEach((id, tps) -> result.get(id).addAll(tps));
    return result;
  }

  private static Map<String, Set<TopicPartition>> assign(
      Assignor assignor,
      Map<String, MemberInput> members,
      Map<String, Set<TopicPartition>> owned,
      Cluster cluster,
      int generation) {
    Map<String, Subscription> subscriptions = new HashMap<>();
    members.forEach(
        (id, m) -> {
          List<org.apache.kafka.common.TopicPartition> ownedPartitions = new ArrayList<>();
          for (TopicPartition tp : owned.getOrDefault(id, Set.of())) {
            ownedPartitions.add(
                new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()));
          }
          subscriptions.put(
              id,
              new Subscription(m.topics(), null, ownedPartitions, generation, Optional.empty()));
        });
    ConsumerPartitionAssignor.GroupAssignment answer =
        instance(assignor).assign(cluster, new GroupSubscription(subscriptions));
    Map<String, Set<TopicPartition>> out = new HashMap<>();
    answer
        .groupAssignment()
        .forEach(
            (id, a) -> {
              Set<TopicPartition> tps = new HashSet<>();
              for (org.apache.kafka.common.TopicPartition tp : a.partitions()) {
                tps.add(new TopicPartition(tp.topic(), tp.partition()));
              }
              out.put(id, tps);
            });
    return out;
  }

  private static boolean coversAll(
      Map<String, Set<TopicPartition>> target,
      Map<String, MemberInput> members,
      Map<String, Integer> partitionCounts) {
    Set<String> subscribed = new HashSet<>();
    members.values().forEach(m -> subscribed.addAll(m.topics()));
    long expected = 0;
    for (String topic : subscribed) {
      expected += partitionCounts.getOrDefault(topic, 0);
    }
    long assigned = target.values().stream().mapToLong(Set::size).sum();
    return assigned == expected;
  }

  private static ConsumerPartitionAssignor instance(Assignor assignor) {
    return switch (assignor) {
      case RANGE -> new RangeAssignor();
      case ROUNDROBIN -> new RoundRobinAssignor();
      case COOPERATIVE_STICKY -> new CooperativeStickyAssignor();
    };
  }

  private static Cluster cluster(Map<String, Integer> partitionCounts) {
    List<PartitionInfo> partitions = new ArrayList<>();
    Node[] replicas = {NODE};
    partitionCounts.forEach(
        (topic, count) -> {
          for (int p = 0; p < count; p++) {
            partitions.add(new PartitionInfo(topic, p, NODE, replicas, replicas));
          }
        });
    return new Cluster("minikafka", List.of(NODE), partitions, Set.of(), Set.of());
  }
}
