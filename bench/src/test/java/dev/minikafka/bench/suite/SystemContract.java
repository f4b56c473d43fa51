package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every {@link BenchSystem} must do for the workloads, checked against a real server: every
 * client of the interface it offers (a system without a batched producer is filled by several
 * single-message clients), a subscription from the end, and SIGKILL + restart keeping what was
 * acknowledged (for systems that keep data).
 */
final class SystemContract {
  private SystemContract() {}

  static void check(BenchSystem system, Path dir) throws Exception {
    system.start(dir);
    assertThat(system.version()).isNotBlank();
    assertThat(system.durability()).contains(":");
    assertThat(Processes.rssKb(system.pid())).isPositive();

    system.createTopic("t");
    try (BenchSystem.SingleProducer p = system.singleProducer("t")) {
      for (int i = 0; i < 10; i++) {
        p.send(Values.of(i, 100));
      }
    }
    var batch = system.batchProducer("t");
    if (batch.isPresent()) {
      try (BenchSystem.BatchProducer p = batch.get()) {
        for (int i = 10; i < 1_010; i++) {
          p.send(Values.of(i, 100));
        }
        p.flush();
      }
    } else {
      Filler.fill(system, "t", 10, 1_010, 100);
    }
    try (BenchSystem.BacklogReader r = system.backlogReader("t")) {
      assertThat(r.read(1_010, Duration.ofSeconds(10))).isEqualTo(1_010);
    }
    var random = system.randomReader("t");
    if (random.isPresent()) {
      try (BenchSystem.RandomReader r = random.get()) {
        assertThat(Values.sequence(r.read(5))).isEqualTo(5);
        assertThat(Values.sequence(r.read(1_009))).isEqualTo(1_009);
      }
    }

    List<Long> seen = new CopyOnWriteArrayList<>();
    try (BenchSystem.Subscription s =
            system.subscribeFromEnd("t", v -> seen.add(Values.sequence(v)));
        BenchSystem.SingleProducer p = system.latencyProducer("t")) {
      for (int i = 2_000; i < 2_003; i++) {
        p.send(Values.of(i, 100));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (seen.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(s.failure()).isEmpty();
    }
    // From the end: none of the 1,010 records before the subscription. (A pooled latency
    // producer may deliver its three out of order.)
    assertThat(seen).containsExactlyInAnyOrder(2_000L, 2_001L, 2_002L);

    long pidBefore = system.pid();
    Duration restart = system.killAndRestart();
    assertThat(system.pid()).isNotEqualTo(pidBefore);
    assertThat(restart).isPositive();
    if (system.keepsData()) {
      try (BenchSystem.BacklogReader r = system.backlogReader("t")) {
        assertThat(r.read(1_013, Duration.ofSeconds(10))).isEqualTo(1_013);
      }
    }
  }
}
