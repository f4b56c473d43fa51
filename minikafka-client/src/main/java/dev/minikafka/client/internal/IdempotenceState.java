package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.client.UnexpectedResponseException;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an idempotent producer numbers its records with: the producer id and epoch from {@code POST
 * /v1/producers}, and per partition the sequence of the next record. Because sequences are per
 * partition, the producer chooses every record's partition itself (key hash, or one sticky
 * partition per batch for keyless records) from the topic's partition count.
 *
 * <p>After a batch fails for good, its sequences are spent but nothing was stored, so the broker
 * would refuse the next batch as out of order; {@link #reset()} then drops the producer id, and the
 * next batch starts afresh with a new one (Kafka's client bumps the epoch instead).
 *
 * <p>Not thread-safe: only the sender thread uses it.
 */
public final class IdempotenceState {
  /** A producer id and epoch as the broker gave them. */
  record ProducerId(long id, int epoch) {}

  private final Transport transport;
  private final Duration requestTimeout;
  private final PartitionChooser partitions;
  private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();
  private ProducerId producerId;

  IdempotenceState(Transport transport, Duration requestTimeout, PartitionChooser partitions) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.partitions = partitions;
  }

  /** The producer id, asking the broker for one on first use and after {@link #reset()}. */
  ProducerId producerId() {
    if (producerId == null) {
      JsonNode answer;
      try {
        answer = transport.send("POST", "/v1/producers", WireJson.object(), requestTimeout);
      } catch (UnexpectedResponseException e) {
        if (e.statusCode() == 404 || e.statusCode() == 405) {
          throw new IdempotenceUnsupportedException(
              "the broker at "
                  + transport.baseUrl()
                  + " has no idempotent producers ("
                  + e.getMessage()
                  + "); build the producer with enableIdempotence(false)",
              e);
        }
        throw e;
      }
      producerId =
          new ProducerId(
              WireJson.longField(answer, "producer_id"),
              WireJson.intField(answer, "producer_epoch"));
      nextSequence.clear();
    }
    return producerId;
  }

  /** The partition of each record of {@code batch}, in order. */
  int[] assignPartitions(ProducerBatch batch) {
    return partitions.assign(batch);
  }

  /**
   * Takes the sequences for one request: per partition, the sequence of its first record there; the
   * partitions' next sequences move past the request's records.
   */
  Map<Integer, Integer> takeSequences(String topic, int[] partitions) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    for (int p : partitions) {
      counts.merge(p, 1, Integer::sum);
    }
    Map<Integer, Integer> first = new LinkedHashMap<>();
    counts.forEach(
        (p, n) -> {
          TopicPartition tp = new TopicPartition(topic, p);
          int seq = nextSequence.getOrDefault(tp, 0);
          first.put(p, seq);
          nextSequence.put(tp, seq + n);
        });
    return first;
  }

  /** Forgets the producer id and sequences, after a batch failed for good. */
  void reset() {
    producerId = null;
    nextSequence.clear();
  }

  /** Forgets a topic's partition count, e.g. after the broker said a partition is unknown. */
  void invalidate(String topic) {
    partitions.invalidate(topic);
  }
}
