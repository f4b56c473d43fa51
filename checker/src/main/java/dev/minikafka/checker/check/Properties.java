package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Op;
import java.util.ArrayList;
import java.util.List;

/** Every property the checker verifies, in the order the report lists them. */
public final class Properties {
  /** The properties. */
  public static final List<Property> ALL =
      List.of(
          new AcknowledgedWritesKept(),
          new AcknowledgedWritesConsumed(),
          new OneValuePerOffset(),
          new NoDuplicates(),
          new DenseOffsets(),
          new ProducerOffsetsIncrease(),
          new PollsContiguous(),
          new CommitsNeverBackwards(),
          new FailedWritesAbsent());

  private Properties() {}

  /** Every violation of every property in {@code history}. */
  public static List<Violation> check(List<Op> history) {
    List<Violation> out = new ArrayList<>();
    for (Property p : ALL) {
      out.addAll(p.check(history));
    }
    return out;
  }
}
