package dev.minikafka.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The records of one topic that go out in one produce request. Filled under the accumulator's lock
 * while open; once sealed, owned by the sender alone.
 */
public final class ProducerBatch {
  /** A v2 record batch's header (61 bytes), rounded up. */
  private static final int RECORD_BATCH_HEADER_BYTES = 64;

  /**
   * Varint framing of one record: length 5, attributes 1, timestamp delta 10, offset delta 5, key
   * and value lengths 5 each, header count 5.
   */
  private static final int RECORD_FRAMING_BOUND = 36;

  private final String topic;
  private final long createdNanos;
  private final List<PendingRecord> records = new ArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int bytes;

  ProducerBatch(String topic, long createdNanos) {
    this.topic = topic;
    this.createdNanos = createdNanos;
  }

  void add(PendingRecord record) {
    records.add(record);
    bytes += record.record().sizeInBytes();
  }

  /** The topic of every record in the batch. */
  public String topic() {
    return topic;
  }

  /** When the first record was added, on the accumulator's nano clock. */
  public long createdNanos() {
    return createdNanos;
  }

  /** The records, in the order they were sent. */
  public List<PendingRecord> records() {
    return records;
  }

  /** The records' size as {@code batch.size} counts it. */
  public int bytes() {
    return bytes;
  }

  /**
   * At least the bytes its records take in a v2 record batch: their sizes plus the most a record's
   * framing (length, attributes, deltas, key and value lengths, header count) can add, plus one
   * batch header.
   */
  public int encodedSizeBound() {
    return RECORD_BATCH_HEADER_BYTES + bytes + RECORD_FRAMING_BOUND * records.size();
  }

  /**
   * One batch holding the records of {@code batches}, all of one topic, in order; it is dated by
   * the oldest. The originals' own completion is still theirs to signal.
   */
  static ProducerBatch merge(List<ProducerBatch> batches) {
    ProducerBatch first = batches.get(0);
    ProducerBatch merged = new ProducerBatch(first.topic, first.createdNanos);
    for (ProducerBatch b : batches) {
      if (!b.topic.equals(first.topic)) {
        throw new IllegalArgumentException("batches of " + first.topic + " and " + b.topic);
      }
      merged.records.addAll(b.records);
      merged.bytes += b.bytes;
    }
    return merged;
  }

  /** Completed once every record's future is. */
  CompletableFuture<Void> done() {
    return done;
  }
}
