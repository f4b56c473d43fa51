package dev.minikafka.bench.suite;

/**
 * One measured figure of one repetition.
 *
 * @param workload the workload's id ({@code produce}, {@code batch}, ...)
 * @param durability the durability profile's id
 * @param scenario the workload's parameters, e.g. {@code 100 B, 16 clients}
 * @param metric what was measured
 * @param system the system or tool that was measured (a row label)
 * @param repetition 1-based
 * @param value the figure, in the metric's unit
 */
public record Sample(
    String workload,
    String durability,
    String scenario,
    Metric metric,
    String system,
    int repetition,
    double value) {

  /** The figure's identity without the system: what ratios compare. */
  public Key key() {
    return new Key(workload, durability, scenario, metric);
  }

  /** Identifies a figure across systems. */
  public record Key(String workload, String durability, String scenario, Metric metric) {}
}
