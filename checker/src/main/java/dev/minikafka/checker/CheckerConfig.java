package dev.minikafka.checker;

import java.time.Duration;

/**
 * The size of a run.
 *
 * @param name {@code quick} or {@code long}
 * @param duration how long the workload runs under faults
 * @param faults how many faults are injected (a quick run injects each kind once)
 * @param seed the seed of every random choice (faults, partitions, timings)
 * @param sessionTimeout the consumer group session timeout
 * @param pace the pause between two requests of a producer
 * @param tmpfsMegabytes the size of the data directory's tmpfs, when one can be mounted
 */
public record CheckerConfig(
    String name,
    Duration duration,
    int faults,
    long seed,
    Duration sessionTimeout,
    Duration pace,
    int tmpfsMegabytes) {

  /** About a minute in all: every fault kind once. */
  public static CheckerConfig quick(long seed) {
    return new CheckerConfig(
        "quick", Duration.ofSeconds(40), 8, seed, Duration.ofSeconds(3), Duration.ofMillis(15), 64);
  }

  /** Tens of minutes: a fault about every 12 seconds, kinds drawn at random. */
  public static CheckerConfig longRun(long seed) {
    return new CheckerConfig(
        "long",
        Duration.ofMinutes(20),
        100,
        seed,
        Duration.ofSeconds(3),
        Duration.ofMillis(10),
        256);
  }

  /** The configuration named {@code name}. */
  public static CheckerConfig named(String name, long seed) {
    return switch (name) {
      case "quick" -> quick(seed);
      case "long" -> longRun(seed);
      default -> throw new IllegalArgumentException("no configuration " + name + " (quick, long)");
    };
  }
}
