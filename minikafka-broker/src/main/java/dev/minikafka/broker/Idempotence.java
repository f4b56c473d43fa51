package dev.minikafka.broker;

import dev.minikafka.core.errors.InvalidRequestException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes a produce request idempotent: the producer, its epoch, and for each partition the
 * request writes to, the sequence number of the request's first record there.
 *
 * @param producerId an id from {@link ProduceService#newProducerId()}
 * @param producerEpoch the producer's epoch, 0 to 32767
 * @param sequences per partition, the sequence of the first record the request puts there
 */
public record Idempotence(long producerId, short producerEpoch, Map<Integer, Integer> sequences) {
  /** Checks the ranges and copies the map. */
  public Idempotence {
    if (producerEpoch < 0) {
      throw new InvalidRequestException(
          "producer_epoch must not be negative, was " + producerEpoch);
    }
    sequences = new TreeMap<>(sequences);
    sequences.forEach(
        (p, s) -> {
          if (s < 0) {
            throw new InvalidRequestException(
                "sequences[" + p + "] must not be negative, was " + s);
          }
        });
    sequences = Map.copyOf(sequences);
  }
}
