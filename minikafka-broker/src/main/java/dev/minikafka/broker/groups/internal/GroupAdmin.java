package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.groups.GroupDescription;
import dev.minikafka.broker.groups.GroupState;
import dev.minikafka.broker.groups.GroupSummary;
import dev.minikafka.broker.groups.MemberDescription;
import dev.minikafka.broker.groups.OffsetCommit;
import dev.minikafka.broker.groups.OffsetSpec;
import dev.minikafka.broker.groups.PartitionOffset;
import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.TopicMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The operators' side of groups: list, describe with lag, reset offsets and delete. Reads groups in
 * memory under their locks and offsets from the store; changes offsets only of groups without
 * members, deciding that under the group's lock so no member can join meanwhile.
 *
 * <p>A classroom consumer's {@code /consume} moves its offset under the broker's consumer lock, not
 * the group's: a reset or delete that races with a classroom consume may be overtaken by it.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
final class GroupAdmin {
  private final GroupRegistry registry;
  private final OffsetStore offsets;
  private final LogManager logs;
  private final Clock clock;
  private final String internalTopic;

  GroupAdmin(
      GroupRegistry registry,
      OffsetStore offsets,
      LogManager logs,
      Clock clock,
      String internalTopic) {
    this.registry = registry;
    this.offsets = offsets;
    this.logs = logs;
    this.clock = clock;
    this.internalTopic = internalTopic;
  }

  private Set<String> registryIds() {
    Set<String> ids = new TreeSet<>();
    for (Group g : registry.all()) {
      ids.add(g.id);
    }
    return ids;
  }

  /** See {@link dev.minikafka.broker.groups.GroupCoordinator#list}. */
  List<GroupSummary> list() {
    Set<String> ids = registryIds();
    ids.addAll(offsets.groupsWithOffsets());
    Set<String> classroom = offsets.classroomConsumers();
    ids.addAll(classroom);
    List<GroupSummary> out = new ArrayList<>();
    for (String id : ids) {
      Group g = registry.get(id);
      if (g == null) {
        out.add(new GroupSummary(id, GroupState.Empty, 0, null, classroom.contains(id)));
        continue;
      }
      g.lock.lock();
      try {
        g.expire(clock.milliseconds());
        out.add(
            new GroupSummary(
                id, g.state(), g.members().size(), g.assignor(), classroom.contains(id)));
      } finally {
        g.lock.unlock();
      }
    }
    return out;
  }

  /** See {@link dev.minikafka.broker.groups.GroupCoordinator#describe}. */
  GroupDescription describe(String group) {
    GroupChecks.checkGroupId(group);
    Group g = registry.get(group);
    Map<TopicPartition, CommittedOffset> committed = offsets.all(group);
    if (g == null) {
      if (committed.isEmpty() && !offsets.isClassroomConsumer(group)) {
        throw GroupChecks.unknownGroup(group);
      }
      return new GroupDescription(
          group, GroupState.Empty, 0, null, List.of(), offsetsWithLag(committed, Set.of()));
    }
    g.lock.lock();
    try {
      long now = clock.milliseconds();
      g.expire(now);
      List<MemberDescription> members = new ArrayList<>();
      Set<TopicPartition> owned = new TreeSet<>(Member.ORDER);
      for (Member m : g.members()) {
        owned.addAll(m.owned);
        members.add(
            new MemberDescription(
                m.id,
                m.clientId,
                m.topics,
                m.assignment(),
                m.pollsInFlight > 0 ? 0 : Math.max(0, now - m.lastSeenMs)));
      }
      return new GroupDescription(
          group,
          g.state(),
          g.generation(),
          g.assignor(),
          members,
          offsetsWithLag(offsets.all(group), owned));
    } finally {
      g.lock.unlock();
    }
  }

  /** Committed and owned partitions, sorted, each with its high watermark and lag. */
  private List<PartitionOffset> offsetsWithLag(
      Map<TopicPartition, CommittedOffset> committed, Set<TopicPartition> owned) {
    Set<TopicPartition> all = new TreeSet<>(Member.ORDER);
    all.addAll(committed.keySet());
    all.addAll(owned);
    List<PartitionOffset> out = new ArrayList<>();
    for (TopicPartition tp : all) {
      CommittedOffset c = committed.get(tp);
      Long hw;
      try {
        hw = logs.log(tp).highWatermark();
      } catch (UnknownTopicOrPartitionException gone) {
        hw = null;
      }
      Long lag = c == null || hw == null ? null : Math.max(0, hw - c.offset());
      out.add(
          new PartitionOffset(
              tp, c == null ? null : c.offset(), c == null ? null : c.metadata(), hw, lag));
    }
    return out;
  }

  /**
   * See {@link dev.minikafka.broker.groups.GroupCoordinator#resetOffsets}. Every partition and
   * target is checked before the group is locked and anything is written.
   */
  List<OffsetCommit> resetOffsets(
      String group, String topic, List<Integer> partitions, OffsetSpec to) {
    GroupChecks.checkGroupId(group);
    TopicNames.validate(topic);
    if (topic.equals(internalTopic)) {
      // As a join answers: the name is the broker's, not a missing topic's.
      throw new InvalidRequestException("topic '" + topic + "' is internal to the broker");
    }
    TopicMetadata meta =
        logs.topic(topic)
            .orElseThrow(
                () -> new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist"));
    List<Integer> chosen = new ArrayList<>();
    if (partitions == null) {
      for (int p = 0; p < meta.partitions(); p++) {
        chosen.add(p);
      }
    } else {
      for (int p : partitions) {
        if (p < 0 || p >= meta.partitions()) {
          throw new UnknownTopicOrPartitionException(
              "topic '"
                  + topic
                  + "' has partitions 0 to "
                  + (meta.partitions() - 1)
                  + "; there is no partition "
                  + p);
        }
        chosen.add(p);
      }
    }
    Map<TopicPartition, Long> target = new TreeMap<>(Member.ORDER);
    for (int p : chosen) {
      TopicPartition tp = new TopicPartition(topic, p);
      target.put(tp, GroupChecks.resolve(logs, tp, to));
    }
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    List<OffsetCommit> out =
        registry.withGroup(
            group,
            g -> {
              g.expire(clock.milliseconds());
              if (!g.isEmpty()) {
                throw GroupChecks.nonEmpty(group, g, "reset its offsets");
              }
              List<OffsetCommit> done = new ArrayList<>();
              target.forEach(
                  (tp, o) -> {
                    durable.add(offsets.put(group, tp, o, ""));
                    done.add(new OffsetCommit(tp, o, ""));
                  });
              return done;
            });
    GroupChecks.awaitAll(durable);
    return out;
  }

  /** See {@link dev.minikafka.broker.groups.GroupCoordinator#delete}. */
  void delete(String group) {
    GroupChecks.checkGroupId(group);
    boolean known =
        registry.get(group) != null
            || !offsets.all(group).isEmpty()
            || offsets.isClassroomConsumer(group);
    if (!known) {
      throw GroupChecks.unknownGroup(group);
    }
    registry.withGroup(
        group,
        g -> {
          g.expire(clock.milliseconds());
          if (!g.isEmpty()) {
            throw GroupChecks.nonEmpty(group, g, "delete it");
          }
          offsets.deleteGroup(group);
          registry.forget(g);
          return null;
        });
  }
}
