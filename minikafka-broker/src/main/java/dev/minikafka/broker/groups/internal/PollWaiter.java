package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.internal.TopicSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a waiting poll on new data in its topics or any change of its group. A poll registers one
 * before it looks for records (so nothing that arrives after the look is missed), waits on it
 * without the group's lock, and closes it after.
 *
 * <p>Thread-safety: waking is safe from any thread and only releases a permit; registration and
 * removal need no lock.
 */
final class PollWaiter implements AutoCloseable {
  private final Semaphore wakeup = new Semaphore(0);
  private final Runnable wake = wakeup::release;
  private final Group group;
  private final List<Runnable> unlisten = new ArrayList<>();

  PollWaiter(Group group, TopicSignals signals, List<String> topics) {
    this.group = group;
    group.addWaiter(wake);
    for (String topic : topics) {
      unlisten.add(signals.listen(topic, wake));
    }
  }

  /** Waits up to {@code nanos} for a wake-up; false when interrupted. */
  boolean await(long nanos) {
    try {
      wakeup.tryAcquire(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    group.removeWaiter(wake);
    unlisten.forEach(Runnable::run);
  }
}
