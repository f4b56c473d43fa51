package dev.minikafka.storage.record;

/**
 * The idempotent producer's fields of a batch header: who wrote it and the sequence number of its
 * first record, as Kafka's idempotent producer stamps them; the log keeps them verbatim.
 *
 * @param producerId the producer's id, not negative
 * @param producerEpoch the producer's epoch, not negative
 * @param baseSequence the sequence number of the batch's first record, not negative
 */
public record ProducerStamp(long producerId, short producerEpoch, int baseSequence) {
  /** Checks the ranges. */
  public ProducerStamp {
    if (producerId < 0 || producerEpoch < 0 || baseSequence < 0) {
      throw new IllegalArgumentException(
          "producer id, epoch and sequence must not be negative: "
              + producerId
              + ", "
              + producerEpoch
              + ", "
              + baseSequence);
    }
  }
}
