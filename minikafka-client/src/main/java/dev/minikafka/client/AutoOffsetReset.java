package dev.minikafka.client;

/** Where a consumer starts in a partition for which its group has no committed offset. */
public enum AutoOffsetReset {
  /** At the first record still stored. */
  EARLIEST,
  /** After the last record: only records produced from now on (Kafka's default). */
  LATEST;

  /** The name the HTTP API uses. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
