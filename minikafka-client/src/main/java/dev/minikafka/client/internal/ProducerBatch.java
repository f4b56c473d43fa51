package dev.minikafka.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The records of one topic that go out in one produce request. Filled under the accumulator's lock
 * while open; once sealed, owned by the sender alone.
 */
public final class ProducerBatch {
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

  /** Completed once every record's future is. */
  CompletableFuture<Void> done() {
    return done;
  }
}
