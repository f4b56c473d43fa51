package dev.minikafka.core;

import java.util.Objects;

/**
 * Kafka's default partitioner for keyed records: the 32-bit MurmurHash2 of the key's bytes (seed
 * {@code 0x9747b28c}), made non-negative by clearing the sign bit, modulo the partition count. A
 * key therefore lands on the same partition whichever client sends it: Kafka's Java client, the
 * broker for an HTTP produce, or the SDK of an idempotent producer (which must know the partition
 * before it sends, to number its records).
 *
 * <p>Core depends on nothing, so this is its own implementation of the hash; a property test in the
 * SDK's module checks it against kafka-clients' {@code Utils.murmur2} on arbitrary keys. Stateless
 * and thread-safe.
 */
public final class KeyPartitioner {
  private static final int SEED = 0x9747b28c;
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private KeyPartitioner() {}

  /**
   * The partition, in {@code [0, partitions)}, of a record with this key.
   *
   * @throws IllegalArgumentException if {@code partitions} is not positive
   */
  public static int partition(byte[] key, int partitions) {
    Objects.requireNonNull(key, "key");
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    return (murmur2(key) & 0x7fffffff) % partitions;
  }

  /** The 32-bit MurmurHash2 of {@code data} with Kafka's seed. */
  public static int murmur2(byte[] data) {
    int length = data.length;
    int h = SEED ^ length;
    int i = 0;
    // Body: four bytes at a time, little-endian.
    for (; i + 4 <= length; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      k *= M;
      k ^= k >>> R;
      k *= M;
      h *= M;
      h ^= k;
    }
    // Tail: the last one to three bytes.
    int tail = length - i;
    if (tail == 3) {
      h ^= (data[i + 2] & 0xff) << 16;
    }
    if (tail >= 2) {
      h ^= (data[i + 1] & 0xff) << 8;
    }
    if (tail >= 1) {
      h ^= data[i] & 0xff;
      h *= M;
    }
    // Final mix.
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }
}
