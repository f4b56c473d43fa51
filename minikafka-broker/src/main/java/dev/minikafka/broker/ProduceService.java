package dev.minikafka.broker;

import dev.minikafka.broker.internal.PartitionProducers;
import dev.minikafka.broker.internal.Partitioner;
import dev.minikafka.broker.internal.ProducerStates;
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
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.ProducerBatch;
import dev.minikafka.storage.record.ProducerStamp;
import dev.minikafka.storage.record.RecordData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final ProducerStates producers;

  ProduceService(
      LogManager logs,
      TopicSignals signals,
      Partitioner partitioner,
      Clock clock,
      ProducerStates producers) {
    this.logs = logs;
    this.producers = producers;
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
    return produce(topic, records, null);
  }

  /** Hands out the id of a new idempotent producer, at epoch 0; ids are never reused. */
  public long newProducerId() {
    return producers.allocate();
  }

  /**
   * Produces as {@link #produce(String, List)} does; with {@code idempotence}, each partition's
   * batch is appended only if its sequence is the next the partition expects from the producer, and
   * a retry of one of the producer's last {@value PartitionProducers#KEPT_BATCHES} batches is
   * answered with the offsets it was stored at ({@link RecordResult.Stored#duplicate()}) without
   * storing it again. Every check, sequences included, passes before anything is written.
   *
   * @param idempotence the producer and its sequences, or null for a plain produce
   * @throws dev.minikafka.core.errors.UnknownProducerIdException for an id never handed out
   * @throws dev.minikafka.core.errors.OutOfOrderSequenceException for a sequence that skips ahead
   *     or falls behind; nothing is stored
   * @throws dev.minikafka.core.errors.InvalidProducerEpochException for an epoch older than the
   *     producer's; nothing is stored
   */
  public List<RecordResult> produce(
      String topic, List<ProduceRecord> records, Idempotence idempotence) {
    TopicMetadata meta = UserTopics.existing(logs, topic);
    if (records.isEmpty()) {
      throw new InvalidRequestException("a produce request needs at least one record");
    }
    if (idempotence != null) {
      producers.checkKnown(idempotence.producerId());
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
      } else if (idempotence != null) {
        throw new InvalidRequestException(
            "records["
                + i
                + "]: an idempotent request needs a partition or a key for every record, so that"
                + " a retry lands where the first attempt did");
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
    if (idempotence != null) {
      checkSequences(idempotence, byPartition);
    }

    Map<Integer, IncomingBatches> batches = new TreeMap<>();
    int max = meta.config().maxMessageBytes();
    for (Map.Entry<Integer, List<Integer>> e : byPartition.entrySet()) {
      List<RecordData> data = new ArrayList<>(e.getValue().size());
      for (int i : e.getValue()) {
        ProduceRecord r = records.get(i);
        data.add(new RecordData(timestampOf[i], r.key(), r.value(), r.headers()));
      }
      ProducerStamp stamp =
          idempotence == null
              ? null
              : new ProducerStamp(
                  idempotence.producerId(),
                  idempotence.producerEpoch(),
                  idempotence.sequences().get(e.getKey()));
      IncomingBatches batch = Batches.encodeForAppend(data, Compression.NONE, stamp);
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

    Appends appends =
        idempotence == null
            ? new Appends(appendAll(topic, batches), Set.of())
            : appendIdempotent(meta, batches, byPartition, idempotence);
    Map<Integer, CompletableFuture<AppendResult>> pending = appends.pending();
    Set<Integer> duplicates = appends.duplicates();

    Map<Integer, AppendResult> stored = new TreeMap<>();
    Map<Integer, MiniKafkaException> failed = new TreeMap<>();
    for (Map.Entry<Integer, CompletableFuture<AppendResult>> e : pending.entrySet()) {
      try {
        stored.put(e.getKey(), e.getValue().join());
      } catch (CompletionException ex) {
        failed.put(e.getKey(), asBrokerError(ex.getCause()));
      }
    }
    if (!duplicates.containsAll(stored.keySet())) {
      signals.bump(topic);
    }
    if (stored.isEmpty()) {
      throw failed.values().iterator().next();
    }

    Map<Integer, List<Long>> storedTimestamps = new TreeMap<>();
    for (int p : duplicates) {
      if (stored.containsKey(p)) {
        storedTimestamps.put(p, timestamps(new TopicPartition(topic, p), stored.get(p)));
      }
    }
    List<RecordResult> results = new ArrayList<>(records.size());
    Map<Integer, Integer> nextInBatch = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) {
      int p = partitionOf[i];
      int position = nextInBatch.merge(p, 1, Integer::sum) - 1;
      AppendResult r = stored.get(p);
      if (r == null) {
        results.add(new RecordResult.Failed(p, failed.get(p)));
        continue;
      }
      List<Long> ts = storedTimestamps.get(p);
      long timestamp = ts != null && position < ts.size() ? ts.get(position) : timestampOf[i];
      results.add(
          new RecordResult.Stored(p, r.baseOffset() + position, timestamp, duplicates.contains(p)));
    }
    return results;
  }

  /**
   * Appends record batches a client encoded itself (Kafka's v2 format, any codec) to one partition,
   * after checking them as bytes from outside: complete, CRC intact, each within the topic's {@code
   * max.message.bytes}. Records keep the timestamps the client gave them (create time). A batch
   * stamped with a producer id is idempotent, checked against the producer's state as {@link
   * #produce(String, List, Idempotence)} checks a JSON request's; such a batch must come alone.
   *
   * @param bytes the batches; a writable buffer is used in place
   * @return where the batches were stored, or where the retried batch was stored before
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException naming the valid partitions
   * @throws dev.minikafka.core.errors.CorruptRecordException for malformed bytes; nothing is stored
   * @throws RecordTooLargeException for a batch over {@code max.message.bytes}; nothing is stored
   * @throws InvalidRequestException for an idempotent batch that is not alone or has partial
   *     producer fields; nothing is stored
   * @throws dev.minikafka.core.errors.OutOfOrderSequenceException for an idempotent batch whose
   *     sequence is not the next one, nor a kept batch's; nothing is stored
   */
  public BatchAppend appendBatches(String topic, int partition, ByteBuffer bytes) {
    TopicMetadata meta = UserTopics.existing(logs, topic);
    UserTopics.checkPartition(meta, partition, "");
    IncomingBatches batches = Batches.validate(bytes, meta.config().maxMessageBytes());
    ProducerBatch stamp = idempotentHeader(batches.producerFields());
    TopicPartition tp = new TopicPartition(topic, partition);
    CompletableFuture<AppendResult> pending;
    boolean duplicate = false;
    if (stamp == null) {
      pending = append(tp, batches);
    } else {
      producers.checkKnown(stamp.producerId());
      PartitionProducers state = producers.of(meta.topicId(), partition, logs.log(tp));
      state.lock.lock();
      try {
        PartitionProducers.Decision decision =
            state.check(
                stamp.producerId(),
                stamp.producerEpoch(),
                stamp.baseSequence(),
                batches.offsetCount(),
                "partition " + partition);
        switch (decision) {
          case PartitionProducers.Decision.Duplicate d -> {
            pending = d.appended();
            duplicate = true;
          }
          case PartitionProducers.Decision.Append a -> {
            pending = append(tp, batches);
            if (!pending.isCompletedExceptionally()) {
              state.appended(
                  stamp.producerId(),
                  stamp.producerEpoch(),
                  stamp.baseSequence(),
                  stamp.baseSequence() + batches.offsetCount() - 1,
                  pending);
              producers.maybeSnapshot(meta.topicId(), partition, state);
            }
          }
        }
      } finally {
        state.lock.unlock();
      }
    }
    AppendResult stored;
    try {
      stored = pending.join();
    } catch (CompletionException ex) {
      throw asBrokerError(ex.getCause());
    }
    if (!duplicate) {
      signals.bump(topic);
    }
    return new BatchAppend(partition, stored.baseOffset(), stored.lastOffset(), duplicate);
  }

  /**
   * The header of the request's idempotent batch, or null when no batch has a producer id.
   *
   * @throws InvalidRequestException when an idempotent batch is not alone, or lacks its epoch or
   *     sequence
   */
  private static ProducerBatch idempotentHeader(List<ProducerBatch> headers) {
    ProducerBatch stamped = null;
    for (ProducerBatch h : headers) {
      if (h.hasProducerId()) {
        stamped = h;
      }
    }
    if (stamped == null) {
      return null;
    }
    if (headers.size() != 1) {
      throw new InvalidRequestException(
          "an idempotent producer's batch must come alone, one request per batch; this request"
              + " holds "
              + headers.size()
              + " batches");
    }
    if (stamped.producerEpoch() < 0 || stamped.baseSequence() < 0) {
      throw new InvalidRequestException(
          "the batch has producer id "
              + stamped.producerId()
              + " but producer epoch "
              + stamped.producerEpoch()
              + " and base sequence "
              + stamped.baseSequence()
              + "; an idempotent batch needs both, not negative");
    }
    if ((long) stamped.baseSequence() + (stamped.lastOffset() - stamped.baseOffset())
        > Integer.MAX_VALUE) {
      throw new InvalidRequestException(
          "base sequence "
              + stamped.baseSequence()
              + " + the batch's records overflow "
              + Integer.MAX_VALUE);
    }
    return stamped;
  }

  /** Appends each partition's batch; all are written before any is awaited. */
  private Map<Integer, CompletableFuture<AppendResult>> appendAll(
      String topic, Map<Integer, IncomingBatches> batches) {
    Map<Integer, CompletableFuture<AppendResult>> pending = new TreeMap<>();
    for (Map.Entry<Integer, IncomingBatches> e : batches.entrySet()) {
      pending.put(e.getKey(), append(new TopicPartition(topic, e.getKey()), e.getValue()));
    }
    return pending;
  }

  private CompletableFuture<AppendResult> append(TopicPartition tp, IncomingBatches batch) {
    try {
      return logs.log(tp).appendEncodedAsync(batch);
    } catch (MiniKafkaException failed) {
      return CompletableFuture.failedFuture(failed);
    }
  }

  /** Each partition's append, and the partitions where it is an earlier request's: a retry's. */
  private record Appends(
      Map<Integer, CompletableFuture<AppendResult>> pending, Set<Integer> duplicates) {}

  /**
   * Appends an idempotent producer's batches: with every partition's producer state locked (in
   * partition order, so concurrent requests cannot deadlock), checks every sequence, then appends
   * the batches that are new. A retry's partitions get the first attempt's append.
   */
  private Appends appendIdempotent(
      TopicMetadata meta,
      Map<Integer, IncomingBatches> batches,
      Map<Integer, List<Integer>> byPartition,
      Idempotence idem) {
    Map<Integer, PartitionProducers> states = new TreeMap<>();
    for (int p : batches.keySet()) {
      TopicPartition tp = new TopicPartition(meta.name(), p);
      states.put(p, producers.of(meta.topicId(), p, logs.log(tp)));
    }
    List<PartitionProducers> locked = new ArrayList<>();
    try {
      for (PartitionProducers s : states.values()) {
        s.lock.lock();
        locked.add(s);
      }
      Map<Integer, PartitionProducers.Decision> decisions = new TreeMap<>();
      for (Map.Entry<Integer, PartitionProducers> e : states.entrySet()) {
        int p = e.getKey();
        decisions.put(
            p,
            e.getValue()
                .check(
                    idem.producerId(),
                    idem.producerEpoch(),
                    idem.sequences().get(p),
                    byPartition.get(p).size(),
                    "partition " + p));
      }
      Map<Integer, CompletableFuture<AppendResult>> pending = new TreeMap<>();
      Set<Integer> duplicates = new HashSet<>();
      for (Map.Entry<Integer, PartitionProducers.Decision> e : decisions.entrySet()) {
        int p = e.getKey();
        switch (e.getValue()) {
          case PartitionProducers.Decision.Duplicate d -> {
            pending.put(p, d.appended());
            duplicates.add(p);
          }
          case PartitionProducers.Decision.Append a -> {
            CompletableFuture<AppendResult> f =
                append(new TopicPartition(meta.name(), p), batches.get(p));
            if (!f.isCompletedExceptionally()) {
              int base = idem.sequences().get(p);
              PartitionProducers s = states.get(p);
              s.appended(
                  idem.producerId(),
                  idem.producerEpoch(),
                  base,
                  base + byPartition.get(p).size() - 1,
                  f);
              producers.maybeSnapshot(meta.topicId(), p, s);
            }
            pending.put(p, f);
          }
        }
      }
      return new Appends(pending, duplicates);
    } finally {
      for (int i = locked.size() - 1; i >= 0; i--) {
        locked.get(i).lock.unlock();
      }
    }
  }

  /** The stored timestamps of an appended batch's records, for answering a retry of it. */
  private List<Long> timestamps(TopicPartition tp, AppendResult stored) {
    List<Long> out = new ArrayList<>(stored.recordCount());
    try {
      for (LogRecord r :
          logs.log(tp).read(stored.baseOffset(), 1).records().records(stored.baseOffset())) {
        if (r.offset() > stored.lastOffset()) {
          break;
        }
        out.add(r.timestamp());
      }
    } catch (MiniKafkaException gone) {
      // Retention removed the batch since: the request's own timestamps stand in.
    }
    return out;
  }

  private static void checkSequences(Idempotence idem, Map<Integer, List<Integer>> byPartition) {
    if (!idem.sequences().keySet().equals(byPartition.keySet())) {
      throw new InvalidRequestException(
          "sequences must name exactly the partitions the records go to, "
              + byPartition.keySet()
              + ", not "
              + new TreeMap<>(idem.sequences()).keySet());
    }
    byPartition.forEach(
        (p, indices) -> {
          if ((long) idem.sequences().get(p) + indices.size() - 1 > Integer.MAX_VALUE) {
            throw new InvalidRequestException(
                "sequences[" + p + "] + " + indices.size() + " records overflow 2147483647");
          }
        });
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
