package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives minikafka through the harness's system interface against the real broker, started by
 * {@code bin/broker} from the jar the build made (minikafka-cli packages it before this module's
 * tests run).
 */
class MinikafkaSystemTest {
  private static final Path ROOT =
      Path.of(System.getProperty("minikafka.root", "..")).toAbsolutePath();

  @Test
  void everyClientOfTheInterfaceWorksAndDataSurvivesSigkill(@TempDir Path dir) throws Exception {
    try (BenchSystem mk = new MinikafkaSystem(ROOT, Durability.STRICT)) {
      mk.start(dir);
      assertThat(mk.version()).startsWith("minikafka");
      assertThat(mk.durability()).startsWith("flush=always");
      assertThat(Processes.rssKb(mk.pid())).isPositive();

      mk.createTopic("t");
      try (BenchSystem.SingleProducer p = mk.singleProducer("t")) {
        for (int i = 0; i < 10; i++) {
          p.send(Values.of(i, 100));
        }
      }
      try (BenchSystem.BatchProducer p = mk.batchProducer("t").orElseThrow()) {
        for (int i = 10; i < 1_010; i++) {
          p.send(Values.of(i, 100));
        }
        p.flush();
      }
      try (BenchSystem.BacklogReader r = mk.backlogReader("t")) {
        assertThat(r.read(1_010, Duration.ofSeconds(10))).isEqualTo(1_010);
      }
      try (BenchSystem.RandomReader r = mk.randomReader("t").orElseThrow()) {
        assertThat(Values.sequence(r.read(5))).isEqualTo(5);
        assertThat(Values.sequence(r.read(1_009))).isEqualTo(1_009);
      }

      List<Long> seen = new CopyOnWriteArrayList<>();
      try (BenchSystem.Subscription s =
              mk.subscribeFromEnd("t", v -> seen.add(Values.sequence(v)));
          BenchSystem.SingleProducer p = mk.latencyProducer("t")) {
        for (int i = 2_000; i < 2_003; i++) {
          p.send(Values.of(i, 100));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.size() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(s.failure()).isEmpty();
      }
      // From the end: none of the 1,010 records before the subscription.
      assertThat(seen).containsExactly(2_000L, 2_001L, 2_002L);

      long pidBefore = mk.pid();
      Duration restart = mk.killAndRestart();
      assertThat(mk.pid()).isNotEqualTo(pidBefore);
      assertThat(restart).isPositive();
      // flush=always: everything acknowledged before the SIGKILL is still there.
      try (BenchSystem.BacklogReader r = mk.backlogReader("t")) {
        assertThat(r.read(1_013, Duration.ofSeconds(10))).isEqualTo(1_013);
      }
    }
  }
}
