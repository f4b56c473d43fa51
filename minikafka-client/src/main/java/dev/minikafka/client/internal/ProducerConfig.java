package dev.minikafka.client.internal;

import java.time.Duration;

/**
 * A producer's settings, checked by the public builder.
 *
 * @param lingerMs how long a batch waits for more records
 * @param batchSize the bytes at which a batch leaves at once
 * @param deliveryTimeout how long a record may take from {@code send} to its acknowledgement,
 *     retries included
 * @param requestTimeout how long one produce request may take
 * @param retryBackoff the first pause between attempts; it doubles up to {@code retryBackoffMax}
 * @param retryBackoffMax the longest pause between attempts
 * @param idempotence whether to produce as an idempotent producer
 * @param metadataMaxAge how long a topic's partition count is trusted before it is read again
 * @param maxRequestSize the most record bytes (as {@link ProducerBatch#encodedSizeBound()} counts
 *     them) that ready batches of one topic may add up to when they are sent in one request
 */
public record ProducerConfig(
    long lingerMs,
    int batchSize,
    Duration deliveryTimeout,
    Duration requestTimeout,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Idempotence idempotence,
    Duration metadataMaxAge,
    int maxRequestSize) {

  /** Whether a producer numbers its records so that retries are not stored twice. */
  public enum Idempotence {
    /** Asked for explicitly: a broker without idempotent producers fails the records. */
    REQUIRED,
    /**
     * The default: idempotent when the broker offers {@code POST /v1/producers}; against a broker
     * without that route the producer goes on without, as Kafka's client does when idempotence was
     * not set explicitly.
     */
    PREFERRED,
    /** Off: the broker partitions keyed and keyless records; a retry may store a record twice. */
    DISABLED
  }
}
