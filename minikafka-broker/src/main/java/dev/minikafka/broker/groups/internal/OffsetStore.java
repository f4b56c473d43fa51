package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.groups.CommittedOffset;
import dev.minikafka.broker.internal.DurableMap;
import dev.minikafka.core.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets in the broker's durable map, under the keys the classroom consumers have always
 * used: {@code offset/<group>/<partition>/<topic>} (group ids and topic names hold no {@code /}).
 *
 * <p>A value is the offset in decimal, followed by {@code ;} and the metadata when there is any:
 * values written before metadata existed are plain numbers and read the same.
 *
 * <p>Thread-safety: safe for concurrent use (the map is); callers serialize writes to one group.
 */
public final class OffsetStore {
  private static final String OFFSET_PREFIX = "offset/";
  private static final String CONSUMER_PREFIX = "consumer/";

  private final DurableMap state;

  /** Offsets kept in {@code state}. */
  public OffsetStore(DurableMap state) {
    this.state = state;
  }

  /** The committed offset of {@code tp} for {@code group}, or null. */
  public CommittedOffset get(String group, TopicPartition tp) {
    String v = state.get(key(group, tp));
    return v == null ? null : decode(v);
  }

  /** Writes an offset; visible at once, durable when the future completes. */
  public CompletableFuture<Void> put(String group, TopicPartition tp, long offset, String meta) {
    return state.putAsync(key(group, tp), encode(offset, meta));
  }

  /** Every committed offset of {@code group}, by partition. */
  public Map<TopicPartition, CommittedOffset> all(String group) {
    String prefix = OFFSET_PREFIX + group + "/";
    Map<TopicPartition, CommittedOffset> out =
        new TreeMap<>(
            (a, b) ->
                a.topic().equals(b.topic())
                    ? Integer.compare(a.partition(), b.partition())
                    : a.topic().compareTo(b.topic()));
    for (Map.Entry<String, String> e : state.snapshot().entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        TopicPartition tp = parsePartition(e.getKey().substring(prefix.length()));
        if (tp != null) {
          out.put(tp, decode(e.getValue()));
        }
      }
    }
    return out;
  }

  /** Groups with at least one committed offset, sorted. */
  public Set<String> groupsWithOffsets() {
    Set<String> out = new TreeSet<>();
    for (String key : state.snapshot().keySet()) {
      if (key.startsWith(OFFSET_PREFIX)) {
        int slash = key.indexOf('/', OFFSET_PREFIX.length());
        if (slash > OFFSET_PREFIX.length()) {
          out.add(key.substring(OFFSET_PREFIX.length(), slash));
        }
      }
    }
    return out;
  }

  /** Ids of the classroom consumers, sorted. */
  public Set<String> classroomConsumers() {
    Set<String> out = new TreeSet<>();
    for (String key : state.snapshot().keySet()) {
      if (key.startsWith(CONSUMER_PREFIX)) {
        out.add(key.substring(CONSUMER_PREFIX.length()));
      }
    }
    return out;
  }

  /** Whether {@code group} is a classroom consumer's id. */
  public boolean isClassroomConsumer(String group) {
    return state.get(CONSUMER_PREFIX + group) != null;
  }

  /**
   * Deletes every offset of the group and a classroom consumer's registration; durable on return.
   */
  public void deleteGroup(String group) {
    for (TopicPartition tp : all(group).keySet()) {
      state.put(key(group, tp), null);
    }
    if (isClassroomConsumer(group)) {
      state.put(CONSUMER_PREFIX + group, null);
    }
  }

  /** Reads a stored value: {@code <offset>} or {@code <offset>;<metadata>}. */
  public static CommittedOffset decode(String value) {
    int semi = value.indexOf(';');
    if (semi < 0) {
      return new CommittedOffset(Long.parseLong(value), "");
    }
    return new CommittedOffset(Long.parseLong(value.substring(0, semi)), value.substring(semi + 1));
  }

  static String encode(long offset, String metadata) {
    return metadata == null || metadata.isEmpty() ? Long.toString(offset) : offset + ";" + metadata;
  }

  private static String key(String group, TopicPartition tp) {
    return OFFSET_PREFIX + group + "/" + tp.partition() + "/" + tp.topic();
  }

  private static TopicPartition parsePartition(String rest) {
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    try {
      return new TopicPartition(
          rest.substring(slash + 1), Integer.parseInt(rest.substring(0, slash)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
