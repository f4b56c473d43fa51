package dev.minikafka.bench.suite;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds the records an asynchronous producer has in flight and remembers the first failed send, so
 * that a benchmark neither queues without limit nor ignores errors. Thread-safe: {@link #acquire}
 * on the sending thread, {@link #complete} from the client's callback threads.
 */
final class InFlight {
  private final int limit;
  private final Semaphore window;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  InFlight(int limit) {
    this.limit = limit;
    this.window = new Semaphore(limit);
  }

  /** Waits for room for one more record; throws the first failure seen so far. */
  void acquire() throws Exception {
    rethrow();
    window.acquire();
  }

  /** Records one record's outcome ({@code error} null when acknowledged). */
  void complete(Throwable error) {
    if (error != null) {
      failure.compareAndSet(null, error);
    }
    window.release();
  }

  /** Records a failure of a send that was not counted by {@link #acquire}. */
  void fail(Throwable error) {
    failure.compareAndSet(null, error);
  }

  /** Waits until nothing is in flight (at most ten minutes); throws the first failure. */
  void awaitAll() throws Exception {
    if (!window.tryAcquire(limit, 10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("sends still unacknowledged after ten minutes");
    }
    window.release(limit);
    rethrow();
  }

  /** Throws the first failure seen so far, if any. */
  void rethrow() throws Exception {
    Throwable t = failure.get();
    if (t instanceof Exception e) {
      throw new IllegalStateException("a send failed: " + e, e);
    } else if (t != null) {
      throw new IllegalStateException("a send failed: " + t, t);
    }
  }
}
