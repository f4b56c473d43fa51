package dev.minikafka.broker.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling readers when a topic gets new data. A reader takes the topic's version, looks
 * for data, and if there is none waits until the version moves past the one it took, so a message
 * produced between the look and the wait is never missed.
 *
 * <p>Thread-safety: safe for concurrent use. Waits use a {@link ReentrantLock} condition, which
 * parks a virtual thread without pinning its carrier.
 */
public final class TopicSignals {
  private static final class Signal {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    long version;
    final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
  }

  private final Map<String, Signal> signals = new ConcurrentHashMap<>();

  private Signal signal(String topic) {
    return signals.computeIfAbsent(topic, t -> new Signal());
  }

  /** The topic's current version, to pass to {@link #awaitChange}. */
  public long version(String topic) {
    Signal s = signal(topic);
    s.lock.lock();
    try {
      return s.version;
    } finally {
      s.lock.unlock();
    }
  }

  /** Records that the topic has new data and wakes its waiters. */
  public void bump(String topic) {
    Signal s = signal(topic);
    s.lock.lock();
    try {
      s.version++;
      s.changed.signalAll();
    } finally {
      s.lock.unlock();
    }
    for (Runnable listener : s.listeners) {
      listener.run();
    }
  }

  /**
   * Calls {@code listener} after every {@link #bump} of the topic until the returned handle is run,
   * for a reader waiting on several topics at once. The listener runs on the bumping thread, so it
   * must only wake someone, never block.
   */
  public Runnable listen(String topic, Runnable listener) {
    Signal s = signal(topic);
    s.listeners.add(listener);
    return () -> s.listeners.remove(listener);
  }

  /**
   * Waits up to {@code timeoutNanos} for the version to move past {@code seen}.
   *
   * @return true when it moved, false on timeout
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitChange(String topic, long seen, long timeoutNanos)
      throws InterruptedException {
    Signal s = signal(topic);
    long remaining = timeoutNanos;
    s.lock.lock();
    try {
      while (s.version == seen) {
        if (remaining <= 0) {
          return false;
        }
        remaining = s.changed.awaitNanos(remaining);
      }
      return true;
    } finally {
      s.lock.unlock();
    }
  }

  /** Converts milliseconds for {@link #awaitChange}. */
  public static long nanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
