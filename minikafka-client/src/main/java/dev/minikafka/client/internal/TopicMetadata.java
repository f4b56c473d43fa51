package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Partition counts and record batch limits ({@code max.message.bytes}) of topics, read with {@code
 * GET /v1/topics/{topic}} and kept for {@code metadata.max.age}. Thread-safe.
 */
public final class TopicMetadata {
  private record Entry(int partitions, int maxMessageBytes, long readAtNanos) {}

  private final Transport transport;
  private final Duration requestTimeout;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /** Reads through {@code transport}; entries older than {@code maxAge} are read again. */
  public TopicMetadata(
      Transport transport, Duration requestTimeout, Duration maxAge, LongSupplier nanoClock) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoClock = nanoClock;
  }

  /** How many partitions {@code topic} has, from the cache when fresh. */
  public int partitions(String topic) {
    long now = nanoClock.getAsLong();
    Entry e = cache.get(topic);
    if (e != null && now - e.readAtNanos() < maxAgeNanos) {
      return e.partitions();
    }
    JsonNode description =
        transport.send("GET", "/v1/topics/" + WireJson.segment(topic), null, requestTimeout);
    int count = partitionCount(description);
    cache.put(topic, new Entry(count, maxMessageBytes(description), now));
    return count;
  }

  /**
   * The largest record batch {@code topic} takes, as last read; empty when it was not read yet or
   * the broker does not say. Never makes a request.
   */
  public OptionalInt cachedMaxMessageBytes(String topic) {
    Entry e = cache.get(topic);
    return e == null || e.maxMessageBytes() <= 0
        ? OptionalInt.empty()
        : OptionalInt.of(e.maxMessageBytes());
  }

  /** A description's {@code configs."max.message.bytes"}, or 0 when absent or not a number. */
  static int maxMessageBytes(JsonNode description) {
    JsonNode value = description.path("configs").path("max.message.bytes");
    try {
      return value.isMissingNode() ? 0 : Integer.parseInt(value.asText());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Forgets {@code topic}, e.g. after the broker said a partition does not exist. */
  public void invalidate(String topic) {
    cache.remove(topic);
  }

  /** The partition count of a topic description: a list of partitions, or a number. */
  static int partitionCount(JsonNode description) {
    JsonNode partitions = description.path("partitions");
    if (partitions.isArray() && !partitions.isEmpty()) {
      return partitions.size();
    }
    if (partitions.canConvertToInt() && partitions.asInt() > 0) {
      return partitions.asInt();
    }
    throw WireJson.unexpected("the topic description lacks its partitions: " + description);
  }
}
