package dev.minikafka.client;

/** How the broker spreads a group's partitions over its members. */
public enum GroupAssignor {
  /** Kafka's default: consecutive ranges of each topic's partitions per member. */
  RANGE("range"),
  /** Partitions dealt out one by one over the members. */
  ROUNDROBIN("roundrobin"),
  /** Balanced, and keeps every partition that need not move where it is. */
  COOPERATIVE_STICKY("cooperative-sticky");

  private final String wireName;

  GroupAssignor(String wireName) {
    this.wireName = wireName;
  }

  /** The name the HTTP API uses. */
  public String wireName() {
    return wireName;
  }
}
