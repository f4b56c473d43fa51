package dev.minikafka.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing the summaries Kafka 4.1's performance tools print (captured from real runs). */
class KafkaPerfToolsTest {

  @Test
  void readsTheFinalProducerSummaryNotTheProgressLines() {
    String out =
        """
        43514 records sent, 8690.6 records/sec (0.83 MB/sec), 2189.0 ms avg latency, 3910.0 ms max latency.
        500000 records sent, 12992.8 records/sec (1.24 MB/sec), 15945.06 ms avg latency, 23382.00 ms max latency, 19081 ms 50th, 22963 ms 95th, 23258 ms 99th, 23358 ms 99.9th.
        """;
    ProduceFigures f = KafkaPerfTools.parseProducerSummary(out);
    assertThat(f.records()).isEqualTo(500_000);
    assertThat(f.recordsPerSecond()).isEqualTo(12992.8);
    assertThat(f.megabytesPerSecond()).isEqualTo(1.24);
    assertThat(f.p50Ms()).isEqualTo(19081);
    assertThat(f.p99Ms()).isEqualTo(23258);
    assertThat(f.p999Ms()).isEqualTo(23358);
  }

  @Test
  void refusesOutputWithoutASummary() {
    assertThatThrownBy(
            () ->
                KafkaPerfTools.parseProducerSummary(
                    "43514 records sent, 8690.6 records/sec (0.83 MB/sec), 2189.0 ms avg latency,"
                        + " 3910.0 ms max latency.\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no ProducerPerformance summary");
  }

  @Test
  void readsTheConsumerCsvByColumnName() {
    String out =
        """
        start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        2026-11-24 14:47:52:509, 2026-11-24 14:47:55:903, 47.6837, 14.0494, 500000, 147318.7979, 1957, 1437, 33.1828, 347947.1120
        """;
    ConsumeFigures f = KafkaPerfTools.parseConsumerSummary(out);
    assertThat(f.records()).isEqualTo(500_000);
    assertThat(f.megabytes()).isEqualTo(47.6837);
    assertThat(f.recordsPerSecond()).isEqualTo(147318.7979);
    assertThat(f.joinMs()).isEqualTo(1957);
    assertThat(f.fetchRecordsPerSecond()).isEqualTo(347947.1120);
  }
}
