package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Op;
import java.util.List;

/**
 * A broken property, with the operations that show it.
 *
 * @param property the property's name
 * @param message what is wrong
 * @param ops the operations behind it
 */
public record Violation(String property, String message, List<Op> ops) {
  /** Copies the list. */
  public Violation {
    ops = List.copyOf(ops);
  }
}
