package dev.minikafka.bench.suite;

/**
 * The two durability profiles the comparison is run under; every system is configured to the
 * nearest setting it documents, and each states its own in {@link BenchSystem#durability()}.
 */
public enum Durability {
  /**
   * An acknowledged write is on disk: minikafka {@code flush=always}, Kafka {@code
   * log.flush.interval.messages=1}, Redis {@code appendfsync always}, NATS with its strictest sync.
   */
  STRICT("strict", "acknowledged after an fsync"),
  /**
   * Data reaches the disk in the background: minikafka {@code flush=interval}, Kafka's defaults,
   * Redis {@code appendfsync everysec}, NATS's defaults.
   */
  RELAXED("relaxed", "fsync in the background");

  private final String id;
  private final String meaning;

  Durability(String id, String meaning) {
    this.id = id;
    this.meaning = meaning;
  }

  /** The profile's name on the command line and in results. */
  public String id() {
    return id;
  }

  /** What the profile promises, in a few words. */
  public String meaning() {
    return meaning;
  }

  /** The profile named {@code id}. */
  public static Durability of(String id) {
    for (Durability d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown durability profile " + id + " (strict, relaxed)");
  }
}
