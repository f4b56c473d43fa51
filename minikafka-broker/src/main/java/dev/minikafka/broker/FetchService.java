package dev.minikafka.broker;

import dev.minikafka.broker.internal.BatchReads;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.LogRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one partition without a consumer group: records from an offset, with a long-poll at the
 * high watermark, and offset lookups (earliest, latest, by timestamp).
 *
 * <p>Thread-safety: safe for concurrent use; reads take no broker lock, and a waiting read parks on
 * the topic's signal, which produce bumps once its records are visible.
 */
public final class FetchService {
  private static final Set<Compression> ALL_CODECS = EnumSet.allOf(Compression.class);

  private final LogManager logs;
  private final TopicSignals signals;

  FetchService(LogManager logs, TopicSignals signals) {
    this.logs = logs;
    this.signals = signals;
  }

  /**
   * Reads records of one partition from {@code offset}. At the high watermark it waits up to the
   * limits' timeout for a record and answers as soon as one is visible.
   *
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when there is no such topic
   *     or partition (also when the topic is deleted during the wait)
   * @throws OffsetOutOfRangeException naming the valid range when {@code offset} is below the log
   *     start or above the high watermark
   */
  public FetchResult fetch(String topic, int partition, long offset, FetchLimits limits) {
    return awaitRecords(
        topic,
        partition,
        offset,
        limits,
        log -> readAvailable(new TopicPartition(topic, partition), log, offset, limits),
        (end, start) -> new FetchResult(List.of(), offset, end, start));
  }

  /**
   * Reads whole batches of one partition from {@code offset}, as stored, for a reader that decodes
   * them itself (see {@link PartitionBatches}); waits at the high watermark as {@link #fetch} does.
   * {@code limits.maxRecords()} counts records at or after {@code offset} by the batches' offset
   * spans, the batch that reaches it included whole; {@code limits.maxBytes()} counts stored bytes.
   *
   * @param codecs the codecs the reader decodes; a batch in another is re-encoded uncompressed
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when there is no such topic
   *     or partition (also when the topic is deleted during the wait)
   * @throws OffsetOutOfRangeException naming the valid range when {@code offset} is below the log
   *     start or above the high watermark
   */
  public PartitionBatches fetchBatches(
      String topic, int partition, long offset, FetchLimits limits, Set<Compression> codecs) {
    TopicPartition tp = new TopicPartition(topic, partition);
    return awaitRecords(
        topic,
        partition,
        offset,
        limits,
        log ->
            BatchReads.read(tp, log, offset, limits.maxRecords(), limits.maxBytes(), true, codecs),
        (end, start) -> new PartitionBatches(tp, offset, offset, end, start, List.of()));
  }

  /** What a read answers when it found nothing, given the log's bounds. */
  @FunctionalInterface
  private interface EmptyAnswer<T> {
    T of(long highWatermark, long logStartOffset);
  }

  /**
   * Checks {@code offset} against the log, waits at the high watermark up to the limits' timeout,
   * and reads with {@code available} once there is something below it.
   */
  private <T> T awaitRecords(
      String topic,
      int partition,
      long offset,
      FetchLimits limits,
      Function<PartitionLog, T> available,
      EmptyAnswer<T> empty) {
    long deadline = System.nanoTime() + TopicSignals.nanos(limits.timeoutMs());
    while (true) {
      // The partition is checked first, so that no signal is made for a topic that does not
      // exist; the bounds are read after the version, so a record arriving between is not missed.
      PartitionLog log = UserTopics.log(logs, topic, partition);
      long seen = signals.version(topic);
      long start = log.logStartOffset();
      long end = log.highWatermark();
      if (offset < start || offset > end) {
        throw new OffsetOutOfRangeException(
            "offset "
                + offset
                + " is out of range for partition "
                + partition
                + " of topic '"
                + topic
                + "': valid offsets are "
                + start
                + " to "
                + end
                + " (the high watermark, where a read waits for the next record)");
      }
      if (offset < end) {
        return available.apply(log);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return empty.of(end, start);
      }
      try {
        signals.awaitChange(topic, seen, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return empty.of(end, start);
      }
    }
  }

  /**
   * Reads what is there from {@code offset} (below the high watermark), within the limits: the
   * batches a record-batch reader would get, decoded, and cut at {@code maxRecords}.
   */
  private static FetchResult readAvailable(
      TopicPartition tp, PartitionLog log, long offset, FetchLimits limits) {
    PartitionBatches read =
        BatchReads.read(tp, log, offset, limits.maxRecords(), limits.maxBytes(), true, ALL_CODECS);
    List<LogRecord> out = new ArrayList<>();
    for (FetchedRecords batches : read.batches()) {
      if (out.size() == limits.maxRecords()) {
        break;
      }
      out.addAll(batches.records(offset, limits.maxRecords() - out.size()));
    }
    // The last batch read may hold records past maxRecords: the next read starts at them.
    long next = out.size() == limits.maxRecords() ? out.getLast().offset() + 1 : read.nextOffset();
    return new FetchResult(out, next, read.highWatermark(), read.logStartOffset());
  }

  /**
   * Looks up an offset of one partition.
   *
   * @throws dev.minikafka.core.errors.UnknownTopicOrPartitionException when there is no such topic
   *     or partition
   * @throws InvalidRequestException for a negative timestamp
   */
  public ListedOffset offset(String topic, int partition, OffsetSpec spec) {
    PartitionLog log = UserTopics.log(logs, topic, partition);
    return switch (spec) {
      case OffsetSpec.Earliest e -> {
        long start = log.logStartOffset();
        yield new ListedOffset(start, timestampAt(log, start));
      }
      case OffsetSpec.Latest l -> new ListedOffset(log.highWatermark(), OptionalLong.empty());
      case OffsetSpec.AtTimestamp t -> {
        if (t.timestamp() < 0) {
          throw new InvalidRequestException(
              "a timestamp must not be negative, was " + t.timestamp());
        }
        OptionalLong found = log.offsetForTimestamp(t.timestamp());
        yield found.isPresent()
            ? new ListedOffset(found.getAsLong(), timestampAt(log, found.getAsLong()))
            : new ListedOffset(log.highWatermark(), OptionalLong.empty());
      }
    };
  }

  private static OptionalLong timestampAt(PartitionLog log, long offset) {
    try {
      List<LogRecord> records = log.read(offset, 1).records().records(offset, 1);
      return records.isEmpty() || records.get(0).offset() != offset
          ? OptionalLong.empty()
          : OptionalLong.of(records.get(0).timestamp());
    } catch (OffsetOutOfRangeException movedOn) {
      return OptionalLong.empty(); // retention removed it since the lookup
    }
  }
}
