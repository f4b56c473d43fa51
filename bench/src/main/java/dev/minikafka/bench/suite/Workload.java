package dev.minikafka.bench.suite;

/** The workloads of a run, in the order they run and are reported. */
public enum Workload {
  PRODUCE("produce", "1. Single-message produce (request/response)"),
  BATCH("batch", "2. Batched produce"),
  CONSUME("consume", "3. Consume a backlog"),
  E2E("e2e", "4. End-to-end latency at a fixed rate"),
  SCALING("scaling", "5. Scaling with partition size"),
  RECOVERY("recovery", "6. Recovery after SIGKILL");

  private final String id;
  private final String title;

  Workload(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The name on the command line and in results. */
  public String id() {
    return id;
  }

  /** The heading of its part of the report. */
  public String title() {
    return title;
  }

  /** The workload named {@code id}. */
  public static Workload of(String id) {
    for (Workload w : values()) {
      if (w.id.equals(id)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload " + id + " (produce, batch, consume, e2e, scaling, recovery)");
  }
}
