package dev.minikafka.broker;

import dev.minikafka.broker.internal.Partitioner;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.Clock;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.RecordTooLargeException;
import dev.minikafka.core.errors.UnknownServerException;
import dev.minikafka.storage.AppendResult;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.TopicMetadata;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.IncomingBatches;
import dev.minikafka.storage.record.RecordData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Produces batches of records to a topic's partitions.
 *
 * <p>All or nothing per request, then per partition: the whole request is checked (partitions,
 * timestamps, the size of each partition's batch) before anything is written; each partition's
 * records are then written as one batch, every partition's before any is awaited, so their fsyncs
 * overlap. A partition whose log fails fails only its own records.
 *
 * <p>Thread-safety: safe for concurrent use. Two concurrent requests may interleave their batches
 * across partitions, never within one.
 */
public final class ProduceService {
  /** How many record indices an error message lists before it says "and N more". */
  private static final int INDICES_NAMED = 10;

  private final LogManager logs;
  private final TopicSignals signals;
  private final Partitioner partitioner;
  private final Clock clock;

  ProduceService(LogManager logs, TopicSignals signals, Partitioner partitioner, Clock clock) {
    this.logs = logs;
    this.signals = signals;
    this.partitioner = partitioner;
    this.clock = clock;
  }

  /**
   * Places, stores and acknowledges the records; returns once every stored record is durable under
   * the flush policy.
   *
   * @return one result per record, in request order; at least one is {@link RecordResult.Stored}
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when the topic does not
   *     exist, or a record names a partition it lacks (by the record's index); nothing is stored
   * @throws InvalidRequestException for no records or a negative timestamp; nothing is stored
   * @throws RecordTooLargeException when a partition's batch would exceed {@code
   *     max.message.bytes}; nothing is stored
   * @throws MiniKafkaException the first partition's error when no record could be stored
   */
  public List<RecordResult> produce(String topic, List<ProduceRecord> records) {
    TopicMetadata meta = UserTopics.existing(logs, topic);
    if (records.isEmpty()) {
      throw new InvalidRequestException("a produce request needs at least one record");
    }
    long now = clock.milliseconds();
    int[] partitionOf = new int[records.size()];
    long[] timestampOf = new long[records.size()];
    int sticky = -1;
    Map<Integer, List<Integer>> byPartition = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) {
      ProduceRecord r = records.get(i);
      int p;
      if (r.partition() != null) {
        p = r.partition();
        UserTopics.checkPartition(meta, p, "records[" + i + "]: ");
      } else if (r.key() != null) {
        p = Partitioner.forKey(r.key(), meta.partitions());
      } else {
        if (sticky < 0) {
          sticky = partitioner.nextSticky(meta.partitions());
        }
        p = sticky;
      }
      if (r.timestamp() != null && r.timestamp() < 0) {
        throw new InvalidRequestException(
            "records[" + i + "]: timestamp must not be negative, was " + r.timestamp());
      }
      partitionOf[i] = p;
      timestampOf[i] = r.timestamp() != null ? r.timestamp() : now;
      byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
    }

    Map<Integer, IncomingBatches> batches = new TreeMap<>();
    int max = meta.config().maxMessageBytes();
    for (Map.Entry<Integer, List<Integer>> e : byPartition.entrySet()) {
      List<RecordData> data = new ArrayList<>(e.getValue().size());
      for (int i : e.getValue()) {
        ProduceRecord r = records.get(i);
        data.add(new RecordData(timestampOf[i], r.key(), r.value(), r.headers()));
      }
      IncomingBatches batch = Batches.encodeForAppend(data, Compression.NONE);
      if (batch.sizeInBytes() > max) {
        throw new RecordTooLargeException(
            describeIndices(e.getValue())
                + " for partition "
                + e.getKey()
                + " make a batch of "
                + batch.sizeInBytes()
                + " bytes; the topic's limit is "
                + max
                + " (max.message.bytes)");
      }
      batches.put(e.getKey(), batch);
    }

    Map<Integer, CompletableFuture<AppendResult>> pending = new TreeMap<>();
    for (Map.Entry<Integer, IncomingBatches> e : batches.entrySet()) {
      CompletableFuture<AppendResult> f;
      try {
        f = logs.log(new TopicPartition(topic, e.getKey())).appendEncodedAsync(e.getValue());
      } catch (MiniKafkaException failed) {
        f = CompletableFuture.failedFuture(failed);
      }
      pending.put(e.getKey(), f);
    }

    Map<Integer, AppendResult> stored = new TreeMap<>();
    Map<Integer, MiniKafkaException> failed = new TreeMap<>();
    for (Map.Entry<Integer, CompletableFuture<AppendResult>> e : pending.entrySet()) {
      try {
        stored.put(e.getKey(), e.getValue().join());
      } catch (CompletionException ex) {
        failed.put(e.getKey(), asBrokerError(ex.getCause()));
      }
    }
    if (!stored.isEmpty()) {
      signals.bump(topic);
    }
    if (stored.isEmpty()) {
      throw failed.values().iterator().next();
    }

    List<RecordResult> results = new ArrayList<>(records.size());
    Map<Integer, Integer> nextInBatch = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) {
      int p = partitionOf[i];
      int position = nextInBatch.merge(p, 1, Integer::sum) - 1;
      AppendResult r = stored.get(p);
      results.add(
          r != null
              ? new RecordResult.Stored(p, r.baseOffset() + position, timestampOf[i])
              : new RecordResult.Failed(p, failed.get(p)));
    }
    return results;
  }

  private static MiniKafkaException asBrokerError(Throwable t) {
    return t instanceof MiniKafkaException e
        ? e
        : new UnknownServerException("append failed unexpectedly: " + t);
  }

  private static String describeIndices(List<Integer> indices) {
    String named =
        indices.stream()
            .limit(INDICES_NAMED)
            .map(String::valueOf)
            .collect(Collectors.joining(", ", "records [", ""));
    return indices.size() > INDICES_NAMED
        ? named + " and " + (indices.size() - INDICES_NAMED) + " more]"
        : named + "]";
  }
}
