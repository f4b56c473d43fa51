package dev.minikafka.broker.groups.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.core.TopicPartition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Targets from Kafka's assignors, on cases whose answers Kafka's documentation spells out. */
class AssignmentsTest {
  private static TopicPartition tp(String topic, int p) {
    return new TopicPartition(topic, p);
  }

  private static Assignments.MemberInput member(Set<TopicPartition> owned, String... topics) {
    return new Assignments.MemberInput(List.of(topics), owned);
  }

  @Test
  void rangeGivesEachTopicInConsecutiveRangesByMemberId() {
    Map<String, Assignments.MemberInput> members = new TreeMap<>();
    members.put("b-1", member(Set.of(), "t", "u"));
    members.put("a-1", member(Set.of(), "t", "u"));
    Map<String, Set<TopicPartition>> target =
        Assignments.compute(Assignor.RANGE, members, Map.of("t", 3, "u", 2), 1);
    assertThat(target.get("a-1")).containsExactlyInAnyOrder(tp("t", 0), tp("t", 1), tp("u", 0));
    assertThat(target.get("b-1")).containsExactlyInAnyOrder(tp("t", 2), tp("u", 1));
  }

  @Test
  void roundRobinDealsAllPartitionsInTurn() {
    Map<String, Assignments.MemberInput> members = new TreeMap<>();
    members.put("a-1", member(Set.of(), "t", "u"));
    members.put("b-1", member(Set.of(), "t", "u"));
    Map<String, Set<TopicPartition>> target =
        Assignments.compute(Assignor.ROUNDROBIN, members, Map.of("t", 3, "u", 2), 1);
    assertThat(target.get("a-1")).containsExactlyInAnyOrder(tp("t", 0), tp("t", 2), tp("u", 1));
    assertThat(target.get("b-1")).containsExactlyInAnyOrder(tp("t", 1), tp("u", 0));
  }

  @Test
  void membersGetOnlyTopicsTheySubscribedTo() {
    Map<String, Assignments.MemberInput> members = new TreeMap<>();
    members.put("a-1", member(Set.of(), "t", "u"));
    members.put("b-1", member(Set.of(), "t"));
    for (Assignor assignor : Assignor.values()) {
      Map<String, Set<TopicPartition>> target =
          Assignments.compute(assignor, members, Map.of("t", 4, "u", 3, "missing", 0), 1);
      assertThat(target.get("b-1")).allMatch(p -> p.topic().equals("t"));
      Set<TopicPartition> all = new HashSet<>(target.get("a-1"));
      all.addAll(target.get("b-1"));
      assertThat(all).as(assignor.id()).hasSize(7);
    }
  }

  @Test
  void cooperativeStickyMovesOnlyWhatBalanceNeedsAndStillCoversEveryPartition() {
    Set<TopicPartition> all = new HashSet<>();
    for (int p = 0; p < 6; p++) {
      all.add(tp("t", p));
    }
    Map<String, Assignments.MemberInput> members = new TreeMap<>();
    members.put("a-1", member(all, "t"));
    members.put("b-1", member(Set.of(), "t"));
    Map<String, Set<TopicPartition>> target =
        Assignments.compute(Assignor.COOPERATIVE_STICKY, members, Map.of("t", 6), 2);
    assertThat(target.get("a-1")).hasSize(3).isSubsetOf(all);
    assertThat(target.get("b-1")).hasSize(3).doesNotContainAnyElementsOf(target.get("a-1"));

    // A third member takes one from each, and nothing else moves.
    Map<String, Assignments.MemberInput> three = new TreeMap<>();
    three.put("a-1", member(target.get("a-1"), "t"));
    three.put("b-1", member(target.get("b-1"), "t"));
    three.put("c-1", member(Set.of(), "t"));
    Map<String, Set<TopicPartition>> next =
        Assignments.compute(Assignor.COOPERATIVE_STICKY, three, Map.of("t", 6), 3);
    assertThat(next.get("a-1")).hasSize(2).isSubsetOf(target.get("a-1"));
    assertThat(next.get("b-1")).hasSize(2).isSubsetOf(target.get("b-1"));
    assertThat(next.get("c-1")).hasSize(2);
  }

  @Test
  void noMembersOrNoPartitionsMeanEmptyTargets() {
    assertThat(Assignments.compute(Assignor.RANGE, Map.of(), Map.of("t", 3), 1)).isEmpty();
    Map<String, Set<TopicPartition>> target =
        Assignments.compute(
            Assignor.COOPERATIVE_STICKY, Map.of("a-1", member(Set.of(), "t")), Map.of("t", 0), 1);
    assertThat(target.get("a-1")).isEmpty();
  }
}
