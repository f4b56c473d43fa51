package dev.minikafka.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An asynchronous producer made of blocking ones, for systems whose client has no asynchronous
 * send: {@link #send} queues the value and returns; {@code clients} threads, each with its own
 * {@link BenchSystem.SingleProducer} (its own connection), take values from the queue and send
 * them. Records may be acknowledged slightly out of order; closing drops those still queued. {@link
 * #send} is for one thread; the first failure of a worker is thrown by the next {@link #send} or by
 * {@link #close}.
 */
final class PooledProducer implements BenchSystem.SingleProducer {
  private static final byte[] STOP = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(100_000);
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  PooledProducer(BenchSystem system, String topic, int clients) throws Exception {
    List<BenchSystem.SingleProducer> producers = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        producers.add(system.singleProducer(topic));
      }
    } catch (Exception e) {
      producers.forEach(BenchSystem.SingleProducer::close);
      throw e;
    }
    for (int i = 0; i < clients; i++) {
      BenchSystem.SingleProducer producer = producers.get(i);
      workers.add(
          Thread.ofPlatform()
              .name(system.name() + "-pooled-" + i)
              .daemon()
              .start(
                  () -> {
                    try (producer) {
                      for (byte[] v = queue.take(); v != STOP; v = queue.take()) {
                        producer.send(v);
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
  }

  @Override
  public void send(byte[] value) throws Exception {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("a pooled send failed: " + t, t);
    }
    queue.put(value);
  }

  /**
   * Drops what is still queued (the measurement it was for is over), lets the workers finish the
   * sends in progress, and stops them.
   */
  @Override
  public void close() {
    queue.clear();
    try {
      for (int i = 0; i < workers.size(); i++) {
        if (!queue.offer(STOP, 1, TimeUnit.MINUTES)) {
          break;
        }
      }
      for (Thread w : workers) {
        w.join(TimeUnit.MINUTES.toMillis(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
