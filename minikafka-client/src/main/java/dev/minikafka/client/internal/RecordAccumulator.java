package dev.minikafka.client.internal;

import dev.minikafka.client.ClientClosedException;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Collects records into one open batch per topic and hands batches to the sender when they are
 * ready: when a batch reaches {@code batch.size} bytes, when its first record has waited {@code
 * linger.ms}, on {@link #flush()}, and on {@link #close()}. A record larger than {@code batch.size}
 * goes in a batch of its own.
 *
 * <p>Invariants: a record is in exactly one of the open batches, the ready queue, or the batch the
 * sender holds; batches of one topic leave in the order they were opened, so records of a topic are
 * sent in {@code send} order. Thread-safe: any number of threads append; one sender takes.
 */
public final class RecordAccumulator {
  private final long lingerNanos;
  private final int batchSize;
  private final LongSupplier nanoClock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, ProducerBatch> open = new LinkedHashMap<>();
  private final ArrayDeque<ProducerBatch> ready = new ArrayDeque<>();
  private final Set<ProducerBatch> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean closed;

  /**
   * An empty accumulator.
   *
   * @param lingerMs how long a batch waits for more records after its first
   * @param batchSize the bytes at which a batch leaves without waiting
   * @param nanoClock the clock for lingering ({@code System::nanoTime} outside tests)
   */
  public RecordAccumulator(long lingerMs, int batchSize, LongSupplier nanoClock) {
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    this.batchSize = batchSize;
    this.nanoClock = nanoClock;
  }

  /**
   * Adds {@code record} to its topic's open batch.
   *
   * @throws ClientClosedException after {@link #close()}
   */
  public CompletableFuture<RecordMetadata> append(ProducerRecord record) {
    CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
    int size = record.sizeInBytes();
    lock.lock();
    try {
      if (closed) {
        throw new ClientClosedException("the producer is closed: cannot send to " + record.topic());
      }
      ProducerBatch batch = open.get(record.topic());
      if (batch != null && batch.bytes() + size > batchSize) {
        seal(batch);
        batch = null;
      }
      if (batch == null) {
        batch = new ProducerBatch(record.topic(), nanoClock.getAsLong());
        open.put(record.topic(), batch);
        incomplete.add(batch);
      }
      batch.add(new PendingRecord(record, future));
      if (batch.bytes() >= batchSize) {
        seal(batch);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return future;
  }

  /**
   * The next batch to send, waiting until one is ready; null once closed and every batch has been
   * taken.
   */
  public ProducerBatch next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        ProducerBatch head = ready.poll();
        if (head != null) {
          return head;
        }
        if (closed) {
          if (open.isEmpty()) {
            return null;
          }
          sealAll();
          continue;
        }
        if (open.isEmpty()) {
          changed.await();
          continue;
        }
        ProducerBatch oldest = open.values().iterator().next();
        long wait = oldest.createdNanos() + lingerNanos - nanoClock.getAsLong();
        if (wait <= 0) {
          seal(oldest);
        } else {
          changed.awaitNanos(wait);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The oldest ready batch when it is of {@code topic} and its {@link
   * ProducerBatch#encodedSizeBound()} is at most {@code maxBytes}; else null. Does not wait.
   */
  public ProducerBatch nextReadyOf(String topic, int maxBytes) {
    lock.lock();
    try {
      ProducerBatch head = ready.peek();
      if (head == null || !head.topic().equals(topic) || head.encodedSizeBound() > maxBytes) {
        return null;
      }
      return ready.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Called by the sender once every record of {@code batch} has its outcome. */
  public void completed(ProducerBatch batch) {
    lock.lock();
    try {
      incomplete.remove(batch);
    } finally {
      lock.unlock();
    }
    batch.done().complete(null);
  }

  /**
   * Makes every record appended before this call ready now, and waits until each has its outcome.
   * Records appended meanwhile by other threads are not waited for.
   */
  public void flush() throws InterruptedException {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    lock.lock();
    try {
      sealAll();
      for (ProducerBatch b : incomplete) {
        waits.add(b.done());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (CompletableFuture<Void> w : waits) {
      try {
        w.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a batch's completion never fails", e);
      }
    }
  }

  /** Refuses further appends; the batches still open become ready at once. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails every record not yet taken by the sender with {@code error}, for a close that stops
   * waiting. Returns how many records it failed.
   */
  public int abortUnsent(RuntimeException error) {
    List<ProducerBatch> dropped = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      sealAll();
      dropped.addAll(ready);
      ready.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    int failed = 0;
    for (ProducerBatch b : dropped) {
      for (PendingRecord r : b.records()) {
        r.future().completeExceptionally(error);
        failed++;
      }
      completed(b);
    }
    return failed;
  }

  /** Whether nothing is waiting or in flight. */
  public boolean isEmpty() {
    lock.lock();
    try {
      return incomplete.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  private void seal(ProducerBatch batch) {
    open.remove(batch.topic());
    ready.add(batch);
  }

  private void sealAll() {
    for (Iterator<ProducerBatch> it = open.values().iterator(); it.hasNext(); ) {
      ready.add(it.next());
      it.remove();
    }
  }
}
