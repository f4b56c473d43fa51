package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Op;
import java.util.List;

/**
 * One thing that must hold of a complete history (the run's operations, ending with a read of every
 * partition from its start to its end). Implementations are stateless.
 */
public interface Property {
  /** A short name, e.g. {@code acknowledged-writes-kept}. */
  String name();

  /** What must hold, in a sentence. */
  String description();

  /** Every violation in {@code history} (empty when the property holds). */
  List<Violation> check(List<Op> history);
}
