package dev.minikafka.broker.internal;

import dev.minikafka.core.KeyPartitioner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses partitions the way a Kafka producer does: a keyed record goes where Kafka's murmur2 hash
 * of its key points, so it lands on the same partition as with a Kafka client; keyless records of
 * one request share a partition, chosen round-robin from request to request (Kafka's sticky
 * partitioning, with the request as the batch).
 *
 * <p>Thread-safety: safe for concurrent use; the round-robin counter is atomic.
 */
public final class Partitioner {
  private final AtomicInteger roundRobin = new AtomicInteger();

  /**
   * The partition of {@code key} among {@code partitions}, as Kafka's producer computes it: the
   * same function the SDK uses ({@link KeyPartitioner}), so broker and SDK always agree.
   */
  public static int forKey(byte[] key, int partitions) {
    return KeyPartitioner.partition(key, partitions);
  }

  /** The partition for the keyless records of the next request: the next in turn. */
  public int nextSticky(int partitions) {
    return partitions == 1 ? 0 : Math.floorMod(roundRobin.getAndIncrement(), partitions);
  }
}
