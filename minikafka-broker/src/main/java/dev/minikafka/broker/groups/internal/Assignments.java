package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * in its answer and assigns it in a follow-up rebalance; this class runs those follow-ups at once
 * (owned partitions being the previous answer), because the two-step handover is done by the group
 * itself. Should a few follow-ups still withhold a partition, it goes to the subscribed member with
 * the fewest partitions: the target always covers every partition of the subscribed topics.
 *
 * <p>Stateless and thread-safe: a new assignor instance per call (the sticky ones keep state).
 */
public final class Assignments {
  private static final Node NODE = new Node(0, "minikafka", 0);

  /** How many of Kafka's cooperative follow-up rebalances to run before filling gaps directly. */
  private static final int FOLLOW_UPS = 5;

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
    // Kafka's follow-up rebalances: each starts from the previous answer as owned partitions and
    // may move (so withhold) a few more; a handful settle it in practice.
    for (int round = 1;
        assignor == Assignor.COOPERATIVE_STICKY
            && round <= FOLLOW_UPS
            && !unassigned(target, members, partitionCounts).isEmpty();
        round++) {
      target = assign(assignor, members, target, cluster, generation + round);
    }
    target.forEach((id, tps) -> result.get(id).addAll(tps));
    // Never leave a partition without a target owner: give what is still withheld to the
    // subscribed member with the fewest partitions.
    for (TopicPartition tp : unassigned(result, members, partitionCounts)) {
      result.entrySet().stream()
          .filter(e -> members.get(e.getKey()).topics().contains(tp.topic()))
          .min(
              Comparator.comparingInt(
                      (Map.Entry<String, Set<TopicPartition>> e) -> e.getValue().size())
                  .thenComparing(Map.Entry::getKey))
          .ifPresent(e -> e.getValue().add(tp));
    }
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

  /** Partitions of subscribed topics that no member's target holds, in order. */
  private static List<TopicPartition> unassigned(
      Map<String, Set<TopicPartition>> target,
      Map<String, MemberInput> members,
      Map<String, Integer> partitionCounts) {
    Set<String> subscribed = new TreeSet<>();
    members.values().forEach(m -> subscribed.addAll(m.topics()));
    Set<TopicPartition> assigned = new HashSet<>();
    target.values().forEach(assigned::addAll);
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : subscribed) {
      for (int p = 0; p < partitionCounts.getOrDefault(topic, 0); p++) {
        TopicPartition tp = new TopicPartition(topic, p);
        if (!assigned.contains(tp)) {
          out.add(tp);
        }
      }
    }
    return out;
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
