package dev.minikafka.client.internal;

import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detects overlapping use of an object meant for one thread at a time, as Kafka's consumer does:
 * {@link #acquire()} marks the calling thread as the user (re-entrant, so callbacks may call back
 * in), and fails at once if another thread is inside. It does not make the object thread-safe; it
 * turns a race into an exception.
 *
 * <p>Thread-safe.
 */
public final class SingleThreadGuard {
  private static final long NO_OWNER = -1;

  private final String what;
  private final AtomicLong owner = new AtomicLong(NO_OWNER);
  // Only the owning thread reads or writes it.
  private int depth;

  /** A guard for {@code what}, named in the exception. */
  public SingleThreadGuard(String what) {
    this.what = what;
  }

  /**
   * Marks the calling thread as the user.
   *
   * @throws ConcurrentModificationException if another thread is inside a call
   */
  public void acquire() {
    long me = Thread.currentThread().threadId();
    if (owner.get() != me && !owner.compareAndSet(NO_OWNER, me)) {
      throw new ConcurrentModificationException(
          what + " is not safe for multi-threaded access: thread " + owner.get() + " is using it");
    }
    depth++;
  }

  /** Ends the calling thread's call; the outermost release frees the guard. */
  public void release() {
    if (--depth == 0) {
      owner.set(NO_OWNER);
    }
  }
}
