package dev.minikafka.storage.record;

/**
 * The producer fields and offsets of one stored batch, for rebuilding idempotent producers' state
 * from a log.
 *
 * @param producerId the producer's id, or -1 when the batch has none (not idempotent)
 * @param producerEpoch the producer's epoch, or -1
 * @param baseSequence the sequence number of its first record, or -1
 * @param lastSequence the sequence number of its last record, or -1
 * @param baseOffset the offset of its first record
 * @param lastOffset the offset of its last record
 */
public record ProducerBatch(
    long producerId,
    short producerEpoch,
    int baseSequence,
    int lastSequence,
    long baseOffset,
    long lastOffset) {

  /** Whether an idempotent producer wrote the batch. */
  public boolean hasProducerId() {
    return producerId >= 0;
  }
}
