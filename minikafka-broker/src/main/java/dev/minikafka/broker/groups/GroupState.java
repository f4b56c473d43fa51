package dev.minikafka.broker.groups;

/** What a group is doing, as Kafka's tools name it. */
public enum GroupState {
  /** No live members; committed offsets may remain. */
  Empty,
  /** Every partition is owned by the member its assignment targets. */
  Stable,
  /** At least one partition is on its way from one owner to another (or to its first owner). */
  Rebalancing
}
