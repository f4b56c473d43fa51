package dev.minikafka.broker.internal;

import dev.minikafka.core.Futures;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A string-to-string map whose every change is a record appended to a partition log, replayed on
 * open: the broker's own durable state (consumers, committed offsets), stored with the same
 * durability as messages. A put returns once the log acknowledged it, so under {@code flush=always}
 * a returned put survives any crash.
 *
 * <p>Compaction: when the log holds many more records than live entries, the whole map is written
 * again as a snapshot at the start of a fresh segment and every older segment is deleted, so the
 * log stays proportional to the state, and replay reads the snapshot and what followed it.
 *
 * <p>Thread-safety: safe for concurrent use; puts are written in turn and share their fsyncs (the
 * log's group commit), and the in-memory view is updated as each is written, before its fsync. A
 * compaction excludes puts while it runs, so none falls between the snapshot and the deletion of
 * the segments it supersedes.
 */
public final class DurableMap {
  private static final int READ_BYTES = 1 << 20;
  private static final int SNAPSHOT_BATCH = 500;

  /** Compact once the log holds this many records more than live entries, and four times them. */
  static final long COMPACT_SLACK = 10_000;

  private final PartitionLog log;
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock compaction = new ReentrantReadWriteLock();

  /** Makes the order of writes in the map the order of their records in the log. */
  private final ReentrantLock writeOrder = new ReentrantLock();

  private DurableMap(PartitionLog log) {
    this.log = log;
  }

  /** Replays {@code log} from its start and returns the map it describes. */
  public static DurableMap replay(PartitionLog log) {
    DurableMap map = new DurableMap(log);
    long next = log.logStartOffset();
    long end = log.highWatermark();
    while (next < end) {
      List<LogRecord> records = log.read(next, READ_BYTES).records().records(next);
      for (LogRecord r : records) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
          map.values.remove(key);
        } else {
          map.values.put(key, new String(r.value(), StandardCharsets.UTF_8));
        }
        next = r.offset() + 1;
      }
    }
    return map;
  }

  /** The value for {@code key}, or null. */
  public String get(String key) {
    return values.get(key);
  }

  /** Every entry, as a snapshot. */
  public Map<String, String> snapshot() {
    return Map.copyOf(values);
  }

  /** Stores {@code value} under {@code key} durably; null removes. Returns once it is durable. */
  public void put(String key, String value) {
    Futures.join(putAsync(key, value));
  }

  /**
   * Writes {@code value} under {@code key} (null removes) and makes it visible at once; the future
   * completes when the write is durable, or exceptionally when the log failed. Writes are visible
   * in the order they are logged, so the latest write to a key wins both here and on replay.
   *
   * <p>A write is visible before it is durable so that a caller can go on from it (the next consume
   * reads past the offset just taken) while the fsync runs. If the fsync fails, the log is offline
   * for good and takes no more writes, and the next open replays only what reached the disk.
   */
  public CompletableFuture<Void> putAsync(String key, String value) {
    byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    CompletableFuture<?> durable;
    compaction.readLock().lock();
    try {
      writeOrder.lock();
      try {
        durable =
            log.appendAsync(
                List.of(
                    RecordData.of(
                        System.currentTimeMillis(), key.getBytes(StandardCharsets.UTF_8), v)),
                Compression.NONE);
        if (value == null) {
          values.remove(key);
        } else {
          values.put(key, value);
        }
      } finally {
        writeOrder.unlock();
      }
    } finally {
      compaction.readLock().unlock();
    }
    if (needsCompaction()) {
      compact();
    }
    return durable.thenApply(r -> null);
  }

  private boolean needsCompaction() {
    long records = log.logEndOffset() - log.logStartOffset();
    long live = values.size();
    return records > live + COMPACT_SLACK && records > 4 * live;
  }

  /** Writes the whole map as a snapshot in a new segment and deletes the segments before it. */
  void compact() {
    compaction.writeLock().lock();
    try {
      if (!needsCompaction()) {
        return;
      }
      log.roll();
      long snapshotStart = log.logEndOffset();
      List<RecordData> batch = new ArrayList<>(SNAPSHOT_BATCH);
      long now = System.currentTimeMillis();
      for (Map.Entry<String, String> e : values.entrySet()) {
        batch.add(
            RecordData.of(
                now,
                e.getKey().getBytes(StandardCharsets.UTF_8),
                e.getValue().getBytes(StandardCharsets.UTF_8)));
        if (batch.size() == SNAPSHOT_BATCH) {
          log.append(batch, Compression.NONE);
          batch = new ArrayList<>(SNAPSHOT_BATCH);
        }
      }
      if (!batch.isEmpty()) {
        log.append(batch, Compression.NONE);
      }
      log.deleteSegmentsBefore(snapshotStart);
    } finally {
      compaction.writeLock().unlock();
    }
  }
}
