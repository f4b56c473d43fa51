package dev.minikafka.broker.internal;

import dev.minikafka.core.errors.InvalidProducerEpochException;
import dev.minikafka.core.errors.OutOfOrderSequenceException;
import dev.minikafka.storage.AppendResult;
import dev.minikafka.storage.record.ProducerBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The idempotent producers of one partition: per producer id its epoch and its last {@value
 * #KEPT_BATCHES} batches (sequence range and where they were stored), as Kafka keeps them, so that
 * a retry is recognised and answered with the first attempt's offsets, and a gap or a step back in
 * the sequence is refused.
 *
 * <p>Invariant: the batches of a producer are kept in append order; their offsets ascend, and every
 * batch appended through this object was appended while {@link #lock} was held, so a completed
 * append has a lower offset than any still pending.
 *
 * <p>A producer that has not appended here for the expiration time (Kafka's {@code
 * producer.id.expiration.ms}) is forgotten by {@link #expire}, so the state does not grow with
 * every producer that ever wrote; should it come back, its next batch must start a new sequence.
 *
 * <p>Thread-safety: callers hold {@link #lock} around {@link #check} and the append that follows,
 * and around every other method.
 */
public final class PartitionProducers {
  /** How many of a producer's latest batches a retry is recognised among. */
  public static final int KEPT_BATCHES = 5;

  /** Serializes idempotent appends to the partition, from check to append. */
  public final ReentrantLock lock = new ReentrantLock();

  private final Map<Long, Producer> producers = new HashMap<>();
  private final LongSupplier clockMillis;
  private int appendsSinceSnapshot;

  /** State whose producers' last appends are dated by {@code clockMillis}. */
  public PartitionProducers(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** One stored batch of a producer, and its append's acknowledgement. */
  private record Kept(
      int baseSequence, int lastSequence, CompletableFuture<AppendResult> appended) {}

  private static final class Producer {
    short epoch;
    long lastAppendMillis;
    final ArrayDeque<Kept> batches = new ArrayDeque<>();
  }

  /** What to do with a producer's batch. */
  public sealed interface Decision {
    /** Append it: its sequence is the next one expected. */
    record Append() implements Decision {}

    /**
     * Do not append it: it is a retry of a batch stored before.
     *
     * @param appended the first attempt's append, completed once it was acknowledged
     */
    record Duplicate(CompletableFuture<AppendResult> appended) implements Decision {}
  }

  /**
   * Decides about a batch of {@code count} records from sequence {@code baseSequence}.
   *
   * @param what names the batch in errors, e.g. {@code "partition 2"}
   * @throws InvalidProducerEpochException when the epoch is older than the producer's
   * @throws OutOfOrderSequenceException when the sequence is neither the next one nor a kept batch
   */
  public Decision check(long producerId, short epoch, int baseSequence, int count, String what) {
    Producer p = producers.get(producerId);
    if (p == null || epoch > p.epoch) {
      if (baseSequence != 0) {
        throw new OutOfOrderSequenceException(
            what
                + ": producer "
                + producerId
                + " (epoch "
                + epoch
                + ") has no batch stored here yet, so its sequence must start at 0, not "
                + baseSequence);
      }
      return new Decision.Append();
    }
    if (epoch < p.epoch) {
      throw new InvalidProducerEpochException(
          what
              + ": epoch "
              + epoch
              + " of producer "
              + producerId
              + " is older than its current epoch "
              + p.epoch);
    }
    int lastSequence = baseSequence + count - 1;
    for (Kept k : p.batches) {
      if (k.baseSequence() == baseSequence && k.lastSequence() == lastSequence) {
        return new Decision.Duplicate(k.appended());
      }
    }
    int expected = p.batches.getLast().lastSequence() + 1;
    if (baseSequence != expected) {
      throw new OutOfOrderSequenceException(
          what
              + ": producer "
              + producerId
              + " sent sequence "
              + baseSequence
              + " but the next expected is "
              + expected
              + (baseSequence < expected
                  ? " (a retry of an older batch than the last "
                      + KEPT_BATCHES
                      + ", or one that"
                      + " does not match a stored batch's records)"
                  : " (records are missing between them)"));
    }
    return new Decision.Append();
  }

  /** Records a batch appended after {@link #check} said to. */
  public void appended(
      long producerId,
      short epoch,
      int baseSequence,
      int lastSequence,
      CompletableFuture<AppendResult> appended) {
    Producer p = producers.computeIfAbsent(producerId, id -> new Producer());
    if (epoch != p.epoch) {
      p.epoch = epoch;
      p.batches.clear();
    }
    p.batches.addLast(new Kept(baseSequence, lastSequence, appended));
    while (p.batches.size() > KEPT_BATCHES) {
      p.batches.removeFirst();
    }
    p.lastAppendMillis = clockMillis.getAsLong();
    appendsSinceSnapshot++;
  }

  /**
   * Forgets the producers whose last append here was before {@code cutoffMillis} and whose batches
   * are all settled (a pending append is never forgotten under its retry).
   *
   * @return how many were forgotten
   */
  public int expire(long cutoffMillis) {
    int before = producers.size();
    producers
        .values()
        .removeIf(
            p ->
                p.lastAppendMillis < cutoffMillis
                    && p.batches.stream().allMatch(k -> k.appended().isDone()));
    return before - producers.size();
  }

  /** How many producers are known here. */
  public int size() {
    return producers.size();
  }

  /**
   * Replays a batch found in the log, when rebuilding; batches without a producer are skipped. A
   * replayed producer's expiration counts from now (the log keeps no append time of its own).
   */
  public void replay(ProducerBatch b) {
    if (!b.hasProducerId()) {
      return;
    }
    Producer p = producers.get(b.producerId());
    if (p != null && p.epoch == b.producerEpoch() && !p.batches.isEmpty()) {
      long lastKept = p.batches.getLast().appended().join().baseOffset();
      if (b.baseOffset() <= lastKept) {
        return; // already in the snapshot
      }
    }
    appended(
        b.producerId(),
        b.producerEpoch(),
        b.baseSequence(),
        b.lastSequence(),
        CompletableFuture.completedFuture(
            new AppendResult(
                b.baseOffset(), b.lastOffset(), (int) (b.lastOffset() - b.baseOffset() + 1))));
  }

  /** Appends since the last {@link #snapshot}. */
  public int appendsSinceSnapshot() {
    return appendsSinceSnapshot;
  }

  /**
   * The state as text, for storing: a first line with the offset the snapshot covers the log up to
   * (replay goes on from there), then one line per kept batch, {@code producerId epoch baseSequence
   * lastSequence baseOffset lastOffset}. Only acknowledged batches are written; as they precede
   * every pending one in the log, the pending ones lie past the covered offset.
   */
  public String snapshot() {
    appendsSinceSnapshot = 0;
    List<String> lines = new ArrayList<>();
    long covered = 0;
    for (Map.Entry<Long, Producer> e : producers.entrySet()) {
      for (Kept k : e.getValue().batches) {
        if (!k.appended().isDone() || k.appended().isCompletedExceptionally()) {
          continue;
        }
        AppendResult r = k.appended().join();
        covered = Math.max(covered, r.lastOffset() + 1);
        lines.add(
            e.getKey()
                + " "
                + e.getValue().epoch
                + " "
                + k.baseSequence()
                + " "
                + k.lastSequence()
                + " "
                + r.baseOffset()
                + " "
                + r.lastOffset());
      }
    }
    return covered + "\n" + String.join("\n", lines);
  }

  /**
   * Loads a {@link #snapshot}, replaying its batches in offset order.
   *
   * @return the offset replay from the log goes on from
   * @throws IllegalArgumentException when the text is not a snapshot
   */
  public long load(String snapshot) {
    String[] lines = snapshot.split("\n", -1);
    long covered = Long.parseLong(lines[0]);
    List<ProducerBatch> batches = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] f = lines[i].split(" ", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException("line " + i + " has " + f.length + " fields, not 6");
      }
      batches.add(
          new ProducerBatch(
              Long.parseLong(f[0]),
              Short.parseShort(f[1]),
              Integer.parseInt(f[2]),
              Integer.parseInt(f[3]),
              Long.parseLong(f[4]),
              Long.parseLong(f[5])));
    }
    batches.sort((a, b) -> Long.compare(a.baseOffset(), b.baseOffset()));
    batches.forEach(this::replay);
    return covered;
  }
}
