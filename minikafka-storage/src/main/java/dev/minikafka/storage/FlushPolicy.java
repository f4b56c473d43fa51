package dev.minikafka.storage;

import dev.minikafka.core.errors.InvalidConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * When appended data is forced to disk, and so when an append is acknowledged and visible.
 *
 * <ul>
 *   <li>{@link Always}: an append returns only after an fsync covers it; appends waiting at the
 *       same time share one fsync (group commit). Nothing acknowledged is lost by a crash of the
 *       process or the machine.
 *   <li>{@link Interval}: appends return after the write; a background task forces every log with
 *       unflushed data each interval. A machine crash may lose up to one interval.
 *   <li>{@link Never}: the operating system decides. A process crash loses nothing; a machine crash
 *       may lose anything not yet written back.
 * </ul>
 */
public sealed interface FlushPolicy {
  /** The default: fsync before acknowledging. */
  FlushPolicy ALWAYS = new Always();

  /** Leave flushing to the operating system. */
  FlushPolicy NEVER = new Never();

  /** Fsync before acknowledging. */
  record Always() implements FlushPolicy {
    @Override
    public String toString() {
      return "always";
    }
  }

  /**
   * Fsync every {@code every}.
   *
   * @param every the interval, at least one millisecond
   */
  record Interval(Duration every) implements FlushPolicy {
    /** Checks the interval is positive. */
    public Interval {
      if (every.toMillis() < 1) {
        throw new InvalidConfigException("flush interval must be at least 1 ms, was " + every);
      }
    }

    @Override
    public String toString() {
      return "interval(" + every.toMillis() + "ms)";
    }
  }

  /** Never fsync on purpose. */
  record Never() implements FlushPolicy {
    @Override
    public String toString() {
      return "never";
    }
  }

  /**
   * Parses {@code always}, {@code never}, {@code interval} (one second) or {@code interval:<ms>}.
   *
   * @throws InvalidConfigException naming the accepted forms
   */
  static FlushPolicy parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("always")) {
      return ALWAYS;
    }
    if (t.equals("never")) {
      return NEVER;
    }
    if (t.equals("interval")) {
      return new Interval(Duration.ofSeconds(1));
    }
    if (t.startsWith("interval:")) {
      try {
        return new Interval(Duration.ofMillis(Long.parseLong(t.substring("interval:".length()))));
      } catch (NumberFormatException e) {
        throw new InvalidConfigException("flush interval is not a whole number of ms: " + text, e);
      }
    }
    throw new InvalidConfigException(
        "flush policy must be always, interval, interval:<ms> or never; was '" + text + "'");
  }
}
