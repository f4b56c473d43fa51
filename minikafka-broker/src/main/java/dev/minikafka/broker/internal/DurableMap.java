package dev.minikafka.broker.internal;

import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A string-to-string map whose every change is a record appended to a partition log, replayed on
 * open: the broker's own durable state (consumers, committed offsets), stored with the same
 * durability as messages. A put returns once the log acknowledged it, so under {@code flush=always}
 * a returned put survives any crash.
 *
 * <p>Thread-safety: safe for concurrent use; puts of different keys proceed in parallel (the log
 * serializes their writes and shares their fsyncs), and the in-memory view is updated after the
 * write is durable.
 */
public final class DurableMap {
  private static final int READ_BYTES = 1 << 20;

  private final PartitionLog log;
  private final Map<String, String> values = new ConcurrentHashMap<>();

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

  /** Stores {@code value} under {@code key} durably, then makes it visible. */
  public void put(String key, String value) {
    byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    log.append(
        List.of(RecordData.of(System.currentTimeMillis(), key.getBytes(StandardCharsets.UTF_8), v)),
        Compression.NONE);
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
  }
}
