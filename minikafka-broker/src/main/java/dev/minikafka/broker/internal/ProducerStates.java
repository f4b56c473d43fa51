package dev.minikafka.broker.internal;

import dev.minikafka.core.Clock;
import dev.minikafka.core.errors.UnknownProducerIdException;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.ProducerBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotent producers: their ids, handed out durably, and each partition's {@link
 * PartitionProducers}, built on first use from a snapshot kept in the broker's state map plus the
 * batches the log holds past it.
 *
 * <p>Durability: the last id handed out is stored before the id is returned, so no id is given
 * twice across restarts. Producer state needs no write of its own: the log's batch headers carry
 * it; snapshots (every {@value #SNAPSHOT_EVERY} appends per partition) only shorten the replay.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class ProducerStates {
  /** How many idempotent appends to a partition between two snapshots of its state. */
  public static final int SNAPSHOT_EVERY = 100;

  /**
   * How long a producer that stopped appending to a partition is remembered there: a day, Kafka's
   * {@code producer.id.expiration.ms}. Checked when a snapshot is due.
   */
  public static final long EXPIRATION_MS = 24L * 60 * 60 * 1000;

  private static final System.Logger LOG = System.getLogger(ProducerStates.class.getName());
  private static final String LAST_ID = "producer-id/last";
  private static final int READ_BYTES = 1 << 20;

  private final DurableMap state;
  private final Clock clock;
  private final Map<String, PartitionProducers> partitions = new ConcurrentHashMap<>();
  private final Object allocation = new Object();

  /** Producer state kept in {@code state}; producers' last appends dated by {@code clock}. */
  public ProducerStates(DurableMap state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** Hands out a new producer id, stored durably first. */
  public long allocate() {
    synchronized (allocation) {
      long next = lastAllocated() + 1;
      state.put(LAST_ID, Long.toString(next));
      return next;
    }
  }

  /**
   * Checks that {@code producerId} was handed out.
   *
   * @throws UnknownProducerIdException when it was not
   */
  public void checkKnown(long producerId) {
    if (producerId < 1 || producerId > lastAllocated()) {
      throw new UnknownProducerIdException(
          "producer id "
              + producerId
              + " was not handed out by this broker; get one from POST /v1/producers");
    }
  }

  private long lastAllocated() {
    String v = state.get(LAST_ID);
    return v == null ? 0 : Long.parseLong(v);
  }

  /**
   * The producers of one partition, rebuilt on first use; the caller must hold its lock before it
   * uses it (the rebuild happens before it is handed out).
   *
   * @param topicId the topic's id, so a topic deleted and created again starts afresh
   */
  public PartitionProducers of(String topicId, int partition, PartitionLog log) {
    return partitions.computeIfAbsent(key(topicId, partition), k -> rebuild(k, log));
  }

  /**
   * Stores a snapshot of the partition's state if enough appends passed, forgetting expired
   * producers first; the caller holds its lock.
   */
  public void maybeSnapshot(String topicId, int partition, PartitionProducers producers) {
    if (producers.appendsSinceSnapshot() < SNAPSHOT_EVERY) {
      return;
    }
    producers.expire(clock.milliseconds() - EXPIRATION_MS);
    String key = key(topicId, partition);
    state
        .putAsync(key, producers.snapshot())
        .exceptionally(
            e -> {
              // Harmless: the next open replays further back in the log.
              LOG.log(System.Logger.Level.WARNING, "snapshot of " + key + " failed", e);
              return null;
            });
  }

  private PartitionProducers rebuild(String key, PartitionLog log) {
    PartitionProducers producers = new PartitionProducers(clock::milliseconds);
    long next = 0;
    String snapshot = state.get(key);
    if (snapshot != null) {
      try {
        next = producers.load(snapshot);
      } catch (IllegalArgumentException e) {
        LOG.log(
            System.Logger.Level.WARNING, "ignoring bad snapshot " + key + ": " + e.getMessage());
        producers = new PartitionProducers(clock::milliseconds);
        next = 0;
      }
    }
    next = Math.max(next, log.logStartOffset());
    long end = log.highWatermark();
    while (next < end) {
      FetchedRecords read = log.read(next, READ_BYTES).records();
      List<ProducerBatch> batches = read.producerBatches();
      if (batches.isEmpty()) {
        break;
      }
      for (ProducerBatch b : batches) {
        if (b.lastOffset() >= next) {
          producers.replay(b);
        }
      }
      next = batches.get(batches.size() - 1).lastOffset() + 1;
    }
    return producers;
  }

  private static String key(String topicId, int partition) {
    return "producers/" + topicId + "/" + partition;
  }
}
