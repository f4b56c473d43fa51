package dev.minikafka.broker.groups.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.groups.GroupState;
import dev.minikafka.broker.groups.JoinRequest;
import dev.minikafka.broker.groups.JoinResult;
import dev.minikafka.broker.groups.ManualClock;
import dev.minikafka.broker.groups.OffsetReset;
import dev.minikafka.broker.groups.PollRequest;
import dev.minikafka.broker.groups.PollResult;
import dev.minikafka.broker.internal.DurableMap;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.storage.FileIo;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.StorageConfig;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * A stateful property of the coordinator against a model of who is alive: random joins, polls,
 * commits (current and stale), leaves, clock jumps past session timeouts, partition additions and
 * produces, on a real log manager in a temp directory. After every step:
 *
 * <ul>
 *   <li>no partition is owned by two live members (also before the reaper runs);
 *   <li>each member owns only existing partitions of topics it subscribed to;
 *   <li>the live members are exactly those the model says (joined, not left, polled in time);
 *   <li>committed offsets never decrease (nothing here resets them).
 * </ul>
 *
 * Commits are accepted exactly when the member is alive, quotes the group's generation and learned
 * it by a poll; stale generations and evicted members are refused. At the end, after every live
 * member polled a few times with the clock standing still, every partition is owned and the group
 * is stable.
 */
class GroupCoordinatorStatefulTest {
  private static final String GROUP = "g";
  private static final String OFFSETS = "__consumer_offsets";
  private static final List<String> TOPICS = List.of("a", "b");
  private static final long SESSION = 5_000;
  private static final int MAX_PARTITIONS = 6;
  private static final PollRequest NOW = new PollRequest(0, 50, 1 << 20);

  private final List<World> worlds = new ArrayList<>();

  @Property(tries = 80)
  void coordinatorKeepsItsInvariants(@ForAll("chains") ActionChain<World> chain) {
    World w = chain.withInvariant("invariants", World::check).run();
    w.quiesceAndCheck();
    Statistics.label("live members at the end").collect(w.live.size());
  }

  @AfterTry
  void closeWorlds() {
    worlds.forEach(World::close);
    worlds.clear();
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    return Arbitraries.of(Assignor.values())
        .flatMap(
            assignor ->
                ActionChain.startWith(() -> newWorld(assignor))
                    .withAction(3, join())
                    .withAction(6, poll())
                    .withAction(3, commit(false))
                    .withAction(1, commit(true))
                    .withAction(1, leave())
                    .withAction(2, advance())
                    .withAction(1, addPartition())
                    .withAction(2, produce())
                    .withMaxTransformations(60));
  }

  private World newWorld(Assignor assignor) {
    World w = new World(assignor);
    worlds.add(w);
    return w;
  }

  // --- actions --------------------------------------------------------------------------------

  private static Action.Independent<World> join() {
    return () ->
        Arbitraries.subsetOf(TOPICS)
            .filter(s -> !s.isEmpty())
            .map(topics -> Transformer.mutate("join " + topics, w -> w.join(List.copyOf(topics))));
  }

  private static Action.Independent<World> poll() {
    return () ->
        Arbitraries.integers()
            .between(0, 99)
            .map(i -> Transformer.mutate("poll #" + i, w -> w.poll(i)));
  }

  private static Action.Independent<World> commit(boolean stale) {
    return () ->
        Arbitraries.integers()
            .between(0, 99)
            .map(
                i ->
                    Transformer.mutate(
                        (stale ? "stale commit #" : "commit #") + i, w -> w.commit(i, stale)));
  }

  private static Action.Independent<World> leave() {
    return () ->
        Arbitraries.integers()
            .between(0, 99)
            .map(i -> Transformer.mutate("leave #" + i, w -> w.leave(i)));
  }

  private static Action.Independent<World> advance() {
    return () ->
        Arbitraries.longs()
            .between(0, 2 * SESSION)
            .map(ms -> Transformer.mutate("advance " + ms + " ms", w -> w.advance(ms)));
  }

  private static Action.Independent<World> addPartition() {
    return () ->
        Arbitraries.of(TOPICS)
            .map(t -> Transformer.mutate("add a partition to " + t, w -> w.addPartition(t)));
  }

  private static Action.Independent<World> produce() {
    return () ->
        Arbitraries.integers()
            .between(0, 99)
            .map(i -> Transformer.mutate("produce #" + i, w -> w.produce(i)));
  }

  // --- the system and its model ---------------------------------------------------------------

  /** What the model knows of a member. */
  private static final class ModelMember {
    final String id;
    final List<String> topics;
    long lastSeenMs;
    int generation;

    ModelMember(String id, List<String> topics, long lastSeenMs, int generation) {
      this.id = id;
      this.topics = topics;
      this.lastSeenMs = lastSeenMs;
      this.generation = generation;
    }
  }

  static final class World {
    final Assignor assignor;
    final Path dir;
    final ManualClock clock = new ManualClock();
    final LogManager logs;
    final OffsetStore offsets;
    final DefaultGroupCoordinator coordinator;
    final Map<String, ModelMember> live = new LinkedHashMap<>();
    final List<String> gone = new ArrayList<>();
    final Map<TopicPartition, Long> committed = new HashMap<>();

    World(Assignor assignor) {
      this.assignor = assignor;
      try {
        dir = Files.createTempDirectory("groups-model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      logs =
          LogManager.open(
              StorageConfig.of(dir)
                  .withLogOptions(new LogOptions(FlushPolicy.NEVER, clock, FileIo.DEFAULT)));
      logs.createTopic(OFFSETS, 1, Map.of());
      logs.createTopic("a", 2, Map.of());
      logs.createTopic("b", 1, Map.of());
      offsets = new OffsetStore(DurableMap.replay(logs.log(new TopicPartition(OFFSETS, 0))));
      coordinator =
          new DefaultGroupCoordinator(logs, offsets, new TopicSignals(), clock, OFFSETS, 0);
    }

    void join(List<String> topics) {
      JoinResult r =
          coordinator.join(
              GROUP, new JoinRequest(topics, assignor, SESSION, OffsetReset.EARLIEST, false, "m"));
      live.put(r.memberId(), new ModelMember(r.memberId(), topics, clock.milliseconds(), 0));
      // The join's generation counts as learned only by a poll (see commit).
    }

    private ModelMember pick(int i) {
      List<ModelMember> all = new ArrayList<>(live.values());
      return all.isEmpty() ? null : all.get(i % all.size());
    }

    void poll(int i) {
      if (!gone.isEmpty() && i % 5 == 0) {
        String dead = gone.get(i % gone.size());
        assertThatThrownBy(() -> coordinator.poll(GROUP, dead, NOW))
            .isInstanceOf(UnknownMemberIdException.class);
        return;
      }
      ModelMember m = pick(i);
      if (m == null) {
        return;
      }
      PollResult r = coordinator.poll(GROUP, m.id, NOW);
      m.lastSeenMs = clock.milliseconds();
      m.generation = r.generation();
      for (TopicPartition tp : r.revoked()) {
        assertThat(r.assignment()).doesNotContain(tp);
      }
    }

    void commit(int i, boolean stale) {
      if (!gone.isEmpty() && i % 5 == 0) {
        String dead = gone.get(i % gone.size());
        assertThatThrownBy(() -> coordinator.commit(GROUP, dead, null, List.of()))
            .isInstanceOf(UnknownMemberIdException.class);
        return;
      }
      ModelMember m = pick(i);
      if (m == null) {
        return;
      }
      int current = coordinator.describe(GROUP).generation();
      if (stale) {
        assertThatThrownBy(() -> coordinator.commit(GROUP, m.id, current - 1, List.of()))
            .isInstanceOf(IllegalGenerationException.class);
      } else if (m.generation != current) {
        assertThatThrownBy(() -> coordinator.commit(GROUP, m.id, m.generation, List.of()))
            .isInstanceOf(IllegalGenerationException.class);
      } else {
        coordinator.commit(GROUP, m.id, m.generation, List.of());
      }
    }

    void leave(int i) {
      ModelMember m = pick(i);
      if (m == null) {
        return;
      }
      coordinator.leave(GROUP, m.id);
      live.remove(m.id);
      gone.add(m.id);
    }

    void advance(long ms) {
      clock.advance(ms);
      long now = clock.milliseconds();
      live.values()
          .removeIf(
              m -> {
                boolean expired = now - m.lastSeenMs >= SESSION;
                if (expired) {
                  gone.add(m.id);
                }
                return expired;
              });
    }

    void addPartition(String topic) {
      int count = logs.topic(topic).orElseThrow().partitions();
      if (count < MAX_PARTITIONS) {
        logs.addPartitions(topic, count + 1);
      }
    }

    void produce(int i) {
      String topic = TOPICS.get(i % TOPICS.size());
      int partition = i % logs.topic(topic).orElseThrow().partitions();
      logs.log(new TopicPartition(topic, partition))
          .append(
              List.of(RecordData.of(clock.milliseconds(), null, new byte[] {1})), Compression.NONE);
    }

    void check() {
      checkOwnership();
      coordinator.reap();
      checkOwnership();
      assertThat(coordinator.ownership(GROUP).keySet()).isEqualTo(live.keySet());
      for (Map.Entry<TopicPartition, CommittedOffset> e : offsets.all(GROUP).entrySet()) {
        long now = e.getValue().offset();
        Long before = committed.put(e.getKey(), now);
        assertThat(now)
            .as("committed offset of %s", e.getKey())
            .isGreaterThanOrEqualTo(before == null ? 0 : before);
      }
    }

    private void checkOwnership() {
      Map<String, Set<TopicPartition>> owned = coordinator.ownership(GROUP);
      Set<TopicPartition> seen = new HashSet<>();
      for (Map.Entry<String, Set<TopicPartition>> e : owned.entrySet()) {
        for (TopicPartition tp : e.getValue()) {
          assertThat(seen.add(tp)).as("%s owned twice", tp).isTrue();
          ModelMember m = live.get(e.getKey());
          if (m != null) {
            assertThat(m.topics).as("subscription of %s", e.getKey()).contains(tp.topic());
          }
          assertThat(tp.partition()).isLessThan(logs.topic(tp.topic()).orElseThrow().partitions());
        }
      }
    }

    void quiesceAndCheck() {
      for (int round = 0; round < 3; round++) {
        for (ModelMember m : List.copyOf(live.values())) {
          PollResult r = coordinator.poll(GROUP, m.id, NOW);
          m.generation = r.generation();
        }
        check();
      }
      Set<TopicPartition> expected = new HashSet<>();
      for (ModelMember m : live.values()) {
        for (String t : m.topics) {
          for (int p = 0; p < logs.topic(t).orElseThrow().partitions(); p++) {
            expected.add(new TopicPartition(t, p));
          }
        }
      }
      Set<TopicPartition> owned = new HashSet<>();
      coordinator.ownership(GROUP).values().forEach(owned::addAll);
      assertThat(owned).isEqualTo(expected);
      if (!live.isEmpty()) {
        assertThat(coordinator.describe(GROUP).state()).isEqualTo(GroupState.Stable);
      }
    }

    void close() {
      coordinator.close();
      logs.close();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return "World[" + assignor.id() + ", " + live.size() + " live]";
    }
  }
}
