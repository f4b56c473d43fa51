package dev.minikafka.broker.groups;

import dev.minikafka.core.errors.InvalidRequestException;
import java.util.Locale;

/** Where a member starts reading a partition that has no committed offset (Kafka's names). */
public enum OffsetReset {
  /** The log start: everything still retained. */
  EARLIEST,
  /** The high watermark: only what is produced from now on (Kafka's default). */
  LATEST;

  /** The name used in the API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy named {@code name}.
   *
   * @throws InvalidRequestException for any other name
   */
  public static OffsetReset parse(String name) {
    return switch (name) {
      case "earliest" -> EARLIEST;
      case "latest" -> LATEST;
      default ->
          throw new InvalidRequestException(
              "auto_offset_reset '" + name + "' is unknown; use earliest or latest");
    };
  }
}
