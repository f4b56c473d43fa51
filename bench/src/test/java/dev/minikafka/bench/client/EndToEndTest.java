package dev.minikafka.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The end-to-end harness over an in-memory queue standing in for a broker. */
class EndToEndTest {

  @Test
  void sendsAtTheRateAndMeasuresEveryRecordThatArrives() throws Exception {
    LinkedBlockingQueue<byte[]> pipe = new LinkedBlockingQueue<>();
    EndToEnd.Figures f =
        EndToEnd.run(
            pipe::add,
            wait -> {
              List<byte[]> out = new ArrayList<>();
              byte[] first = pipe.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
              if (first != null) {
                out.add(first);
                pipe.drainTo(out);
              }
              return out;
            },
            new EndToEnd.Plan(
                500, Duration.ZERO, Duration.ofSeconds(1), 100, Duration.ofSeconds(2)));
    assertThat(f.sent()).isEqualTo(500);
    assertThat(f.seen()).isEqualTo(500);
    assertThat(f.p50Ms()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(f.p99Ms());
    assertThat(f.p99Ms()).isLessThanOrEqualTo(f.p999Ms());
    assertThat(f.p999Ms()).isLessThanOrEqualTo(f.maxMs());
  }

  @Test
  void theWarmUpIsDeliveredButNotMeasured() throws Exception {
    // Records are held back through the warm-up and released together when measuring starts: had
    // any of them been measured, the maximum would be near the warm-up's length.
    LinkedBlockingQueue<byte[]> pipe = new LinkedBlockingQueue<>();
    List<byte[]> held = new ArrayList<>();
    long[] firstSend = {0};
    EndToEnd.Figures f =
        EndToEnd.run(
            v -> {
              long now = System.nanoTime();
              if (firstSend[0] == 0) {
                firstSend[0] = now;
              }
              if (now - firstSend[0] < 700_000_000L) {
                held.add(v);
              } else {
                held.forEach(pipe::add);
                held.clear();
                pipe.add(v);
              }
            },
            wait -> {
              byte[] v = pipe.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
              return v == null ? List.of() : List.of(v);
            },
            new EndToEnd.Plan(
                200, Duration.ofSeconds(1), Duration.ofSeconds(1), 8, Duration.ofMillis(300)));
    assertThat(f.sent()).isEqualTo(200);
    assertThat(f.seen()).isEqualTo(200);
    assertThat(f.maxMs()).isLessThan(300);
  }

  @Test
  void aPlanThatCannotRunIsRefused() {
    assertThatThrownBy(
            () -> new EndToEnd.Plan(0, Duration.ZERO, Duration.ofSeconds(1), 8, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new EndToEnd.Plan(10, Duration.ZERO, Duration.ofSeconds(1), 7, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLostRecordShowsAsSeenBelowSent() throws Exception {
    LinkedBlockingQueue<byte[]> pipe = new LinkedBlockingQueue<>();
    int[] count = {0};
    EndToEnd.Figures f =
        EndToEnd.run(
            v -> {
              if (count[0]++ != 7) {
                pipe.add(v);
              }
            },
            wait -> {
              byte[] v = pipe.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
              return v == null ? List.of() : List.of(v);
            },
            new EndToEnd.Plan(
                100, Duration.ZERO, Duration.ofSeconds(1), 8, Duration.ofMillis(300)));
    assertThat(f.sent()).isEqualTo(100);
    assertThat(f.seen()).isEqualTo(99);
  }

  @Test
  void aFailingSenderFailsTheRun() {
    assertThatThrownBy(
            () ->
                EndToEnd.run(
                    v -> {
                      throw new IllegalStateException("broker gone");
                    },
                    wait -> List.of(),
                    new EndToEnd.Plan(
                        100, Duration.ZERO, Duration.ofSeconds(1), 8, Duration.ofMillis(100))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broker gone");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] ns = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
    assertThat(EndToEnd.percentileMs(ns, 0.50)).isEqualTo(2.0);
    assertThat(EndToEnd.percentileMs(ns, 0.99)).isEqualTo(4.0);
    assertThat(EndToEnd.percentileMs(new long[0], 0.5)).isNaN();
  }
}
