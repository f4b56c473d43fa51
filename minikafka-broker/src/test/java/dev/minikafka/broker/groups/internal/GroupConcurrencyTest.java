package dev.minikafka.broker.groups.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.broker.Broker;
import dev.minikafka.broker.groups.GroupCoordinator;
import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.broker.groups.JoinRequest;
import dev.minikafka.broker.groups.OffsetReset;
import dev.minikafka.broker.groups.PollRequest;
import dev.minikafka.broker.groups.PollResult;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members on their own threads, the real clock and the reaper thread: while records are produced,
 * members poll and commit, one stops polling (and is evicted after its session timeout), one
 * leaves, one joins late. A watcher checks all the while that no partition has two owners; at the
 * end every produced record was delivered at least once.
 */
@Timeout(120)
class GroupConcurrencyTest {
  private static final String GROUP = "g";
  private static final int PARTITIONS = 6;
  private static final int RECORDS = 600;

  @TempDir Path dataDir;

  @Test
  void ownershipStaysExclusiveAndNoRecordIsLostWhileMembersComeAndGo() throws Exception {
    try (Broker broker = Broker.open(StorageConfig.of(dataDir).withFlushPolicy(FlushPolicy.NEVER));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      broker.logs().createTopic("t", PARTITIONS, Map.of());
      DefaultGroupCoordinator groups = (DefaultGroupCoordinator) broker.groups();
      Set<String> delivered = ConcurrentHashMap.newKeySet();
      List<String> violations = new CopyOnWriteArrayList<>();
      AtomicBoolean done = new AtomicBoolean();

      Future<?> watcher =
          threads.submit(
              () -> {
                while (!done.get()) {
                  Set<TopicPartition> seen = new HashSet<>();
                  for (Set<TopicPartition> owned : groups.ownership(GROUP).values()) {
                    for (TopicPartition tp : owned) {
                      if (!seen.add(tp)) {
                        violations.add(tp + " owned twice");
                      }
                    }
                  }
                  LockSupport.parkNanos(100_000); // sample often, without spinning a core
                }
              });
      CountDownLatch gone = new CountDownLatch(2);
      List<Future<?>> members = new ArrayList<>();
      // Member 0 dies after 20 polls; member 1 leaves after 40; the others run to the end.
      members.add(threads.submit(() -> consume(groups, delivered, done, 20, false, gone)));
      members.add(threads.submit(() -> consume(groups, delivered, done, 40, true, gone)));
      members.add(threads.submit(() -> consume(groups, delivered, done, -1, true, gone)));
      members.add(threads.submit(() -> consume(groups, delivered, done, -1, true, gone)));
      Future<?> producer =
          threads.submit(
              () -> {
                for (int i = 0; i < RECORDS; i++) {
                  if (i == RECORDS / 2) {
                    // The second half reaches the dead member's partitions only through its
                    // eviction, and the leaver's only through its leave.
                    gone.await();
                  }
                  broker.produce("t", "key-" + i, "v" + i);
                }
                return null;
              });
      producer.get(60, TimeUnit.SECONDS);
      members.add(threads.submit(() -> consume(groups, delivered, done, -1, true, gone)));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (delivered.size() < RECORDS && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling a condition with a deadline
      }
      done.set(true);
      for (Future<?> m : members) {
        m.get(30, TimeUnit.SECONDS);
      }
      watcher.get(10, TimeUnit.SECONDS);
      assertThat(violations).isEmpty();
      assertThat(delivered).hasSize(RECORDS);
    }
  }

  /**
   * Joins and polls until {@code done} or {@code polls} polls (-1: no limit); then leaves or just
   * stops, counting down {@code gone} if it stopped early.
   */
  private static Void consume(
      GroupCoordinator groups,
      Set<String> delivered,
      AtomicBoolean done,
      int polls,
      boolean leave,
      CountDownLatch gone) {
    String id =
        groups
            .join(
                GROUP, new JoinRequest(List.of("t"), null, 1_000, OffsetReset.EARLIEST, false, "c"))
            .memberId();
    for (int i = 0; (polls < 0 || i < polls) && !done.get(); i++) {
      PollResult r = groups.poll(GROUP, id, new PollRequest(50, 20, 1 << 20));
      for (GroupRecord g : r.records()) {
        delivered.add(new String(g.record().value(), StandardCharsets.UTF_8));
      }
      try {
        groups.commit(GROUP, id, r.generation(), List.of());
      } catch (IllegalGenerationException rebalanced) {
        // The group moved on since this poll; the next poll catches up (at-least-once).
      }
    }
    if (leave) {
      groups.leave(GROUP, id);
    }
    if (polls >= 0) {
      gone.countDown();
    }
    return null;
  }
}
