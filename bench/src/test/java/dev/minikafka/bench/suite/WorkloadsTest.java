package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workloads' bookkeeping, over a broker in memory (the real ones are in MinikafkaSystemTest).
 */
class WorkloadsTest {

  @Test
  void singleProduceCountsOnlyTheMeasuredPeriod() throws Exception {
    // 2 ms per send and 4 clients: about 2,000 records/s, whatever the warm-up.
    InMemorySystem mem = new InMemorySystem(Duration.ofMillis(2), true);
    mem.createTopic("t");
    SingleProduce.Result r =
        SingleProduce.run(mem, "t", 100, 4, Duration.ofMillis(300), Duration.ofMillis(500));
    long counted = r.latency().getTotalCount();
    assertThat(r.recordsPerSecond()).isEqualTo(counted / 0.5);
    // Every request was counted at most once, and the warm-up's were not.
    assertThat(mem.topic("t").size()).isGreaterThan((int) counted);
    assertThat(r.recordsPerSecond()).isBetween(500.0, 2_100.0);
    assertThat(Latency.ms(r.latency(), 50)).isBetween(1.9, 50.0);
  }

  @Test
  void batchedProduceIsNotApplicableWithoutABatchedProducer() throws Exception {
    InMemorySystem mem = new InMemorySystem(Duration.ZERO, false);
    mem.createTopic("t");
    assertThat(BatchedProduce.run(mem, "t", 100, Duration.ZERO, Duration.ofMillis(100))).isEmpty();
    InMemorySystem batching = new InMemorySystem(Duration.ZERO, true);
    batching.createTopic("t");
    assertThat(BatchedProduce.run(batching, "t", 100, Duration.ZERO, Duration.ofMillis(100)))
        .hasValueSatisfying(rate -> assertThat(rate).isPositive());
  }

  @Test
  void endToEndSeesEveryRecordSentOnSchedule() throws Exception {
    InMemorySystem mem = new InMemorySystem(Duration.ZERO, true);
    mem.createTopic("t");
    mem.singleProducer("t").send(Values.of(999_999, 100)); // before the subscription: not counted
    EndToEndLatency.Result r =
        EndToEndLatency.run(mem, "t", 1_000, 100, Duration.ofMillis(500), Duration.ofSeconds(2));
    assertThat(r.sent()).isEqualTo(500);
    assertThat(r.seen()).isEqualTo(500);
    assertThat(r.deliveredPercent()).isEqualTo(100.0);
    assertThat(r.latency().getTotalCount()).isEqualTo(500);
  }

  @Test
  void endToEndGivesUpOnASystemThatCannotKeepTheRate() throws Exception {
    // 16 pooled clients at 20 ms per send: 800 records/s at most, against 4,000 due per second.
    InMemorySystem slow = new InMemorySystem(Duration.ofMillis(20), true);
    slow.createTopic("t");
    long t0 = System.nanoTime();
    EndToEndLatency.Result r =
        EndToEndLatency.run(slow, "t", 4_000, 100, Duration.ofMillis(500), Duration.ofMillis(500));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(r.sent()).isEqualTo(2_000);
    assertThat(r.seen()).isLessThan(2_000);
    assertThat(r.deliveredPercent()).isLessThan(100.0);
    // Sending stops a drain time after the schedule ends; then at most a drain time of waiting.
    assertThat(seconds).isLessThan(3.0);
  }

  @Test
  void scalingMeasuresEachCheckpointUpToTheFillLimit() throws Exception {
    InMemorySystem mem = new InMemorySystem(Duration.ZERO, true);
    List<Scaling.Point> points = new ArrayList<>();
    Scaling.run(mem, "s", List.of(100L, 1_000L, 10_000L), 10, points::add);
    assertThat(points).extracting(Scaling.Point::records).containsExactly(100L, 1_000L, 10_000L);
    assertThat(points.get(0).produce().getTotalCount()).isEqualTo(10);
    assertThat(points.get(2).fetch())
        .hasValueSatisfying(h -> assertThat(h.getTotalCount()).isEqualTo(10));
    assertThat(points.get(2).rssMib()).isPositive();
    // Each checkpoint's fill counts the probes sent before it: the partition holds exactly the
    // checkpoint's records when it is measured, and the last probes' 30 sends after that.
    assertThat(mem.topic("s")).hasSize(10_000 + 30);
  }
}
