package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {
  private static Sample sample(String scenario, Metric m, String system, int rep, double v) {
    return new Sample("produce", "strict", scenario, m, system, rep, v);
  }

  @Test
  void oneRowPerPointMetricAndSystemWithMinikafkaFirstAndRatiosToIt() {
    List<Row> rows =
        Row.of(
            List.of(
                sample("1 client", Metric.RECORDS_PER_S, "kafka", 1, 100),
                sample("1 client", Metric.RECORDS_PER_S, "minikafka", 1, 300),
                sample("1 client", Metric.RECORDS_PER_S, "classroom-python", 1, 50),
                sample("1 client", Metric.RECORDS_PER_S, "kafka", 2, 200),
                sample("1 client", Metric.RECORDS_PER_S, "minikafka", 2, 500),
                sample("1 client", Metric.RECORDS_PER_S, "kafka", 3, 300),
                sample("1 client", Metric.RECORDS_PER_S, "minikafka", 3, 400)));
    assertThat(rows)
        .extracting(Row::system)
        .containsExactly("minikafka", "kafka", "classroom-python");
    assertThat(rows.get(0).spread()).isEqualTo(new Spread(400, 300, 500, 3));
    assertThat(rows.get(0).minikafkaRatio()).isNaN();
    assertThat(rows.get(1).spread()).isEqualTo(new Spread(200, 100, 300, 3));
    assertThat(rows.get(1).minikafkaRatio()).isEqualTo(2.0);
    assertThat(rows.get(2).minikafkaRatio()).isEqualTo(8.0);
  }

  @Test
  void ratiosCompareOnlyTheSamePointAndMetric() {
    List<Row> rows =
        Row.of(
            List.of(
                sample("1 client", Metric.P50_MS, "minikafka", 1, 2),
                sample("1 client", Metric.P50_MS, "kafka", 1, 4),
                sample("16 clients", Metric.P50_MS, "kafka", 1, 1),
                sample("1 client", Metric.P99_MS, "kafka", 1, 10),
                sample("1 client", Metric.P99_MS, "minikafka", 1, 5)));
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1).minikafkaRatio()).isEqualTo(0.5);
    // No minikafka figure at 16 clients: no ratio.
    assertThat(rows.get(2).key().scenario()).isEqualTo("16 clients");
    assertThat(rows.get(2).minikafkaRatio()).isNaN();
    assertThat(rows.get(3).system()).isEqualTo("minikafka");
    assertThat(rows.get(4).minikafkaRatio()).isEqualTo(0.5);
  }
}
