package dev.minikafka.checker.history;

import dev.minikafka.core.TopicPartition;
import java.util.Objects;

/**
 * A record as a client saw it: where it is stored and its value (every value the workload writes is
 * unique, so a value names the write).
 *
 * @param tp its partition
 * @param offset its offset
 * @param value its value
 */
public record Rec(TopicPartition tp, long offset, String value) {
  /** Checks that every part is present. */
  public Rec {
    Objects.requireNonNull(tp, "tp");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return tp + "@" + offset + "=" + value;
  }
}
