package dev.minikafka.broker.groups;

import dev.minikafka.core.errors.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The assignment strategies a group may use; each is Kafka's own assignor of that name. */
public enum Assignor {
  /** Kafka's default: per topic, consecutive ranges of partitions to members in id order. */
  RANGE("range"),
  /** All partitions of all topics dealt to the members in turn. */
  ROUNDROBIN("roundrobin"),
  /** Balanced, and every partition that need not move stays with its owner. */
  COOPERATIVE_STICKY("cooperative-sticky");

  private final String id;

  Assignor(String id) {
    this.id = id;
  }

  /** The name used in the API. */
  public String id() {
    return id;
  }

  /**
   * The assignor named {@code name}.
   *
   * @throws InvalidRequestException naming the accepted names
   */
  public static Assignor parse(String name) {
    for (Assignor a : values()) {
      if (a.id.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new InvalidRequestException(
        "assignor '"
            + name
            + "' is unknown; use one of "
            + Arrays.stream(values()).map(Assignor::id).collect(Collectors.joining(", ")));
  }
}
