package dev.minikafka.bench.suite;

/** What a figure measures, its unit, and which way is better. */
public enum Metric {
  RECORDS_PER_S("records/s", true),
  MB_PER_S("MB/s", true),
  P50_MS("p50 ms", false),
  P99_MS("p99 ms", false),
  P999_MS("p99.9 ms", false),
  DELIVERED_PERCENT("delivered %", true),
  RSS_MIB("RSS MiB", false),
  SECONDS("seconds", false);

  private final String label;
  private final boolean higherIsBetter;

  Metric(String label, boolean higherIsBetter) {
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** How the metric is named in tables. */
  public String label() {
    return label;
  }

  /** True when a higher figure is better (throughput), false when lower is (latency, memory). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }
}
