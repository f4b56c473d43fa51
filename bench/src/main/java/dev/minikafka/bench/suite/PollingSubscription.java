package dev.minikafka.bench.suite;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link BenchSystem.Subscription} run by one platform thread that calls a poll step until
 * closed. The step owns the client it polls (created before, handed over by the thread's start);
 * {@code onClose} runs on the polling thread once the loop ends, so the client is closed by its
 * owner. Thread-safe.
 */
final class PollingSubscription implements BenchSystem.Subscription {
  /** One round of polling: waits a little for records and delivers them. */
  @FunctionalInterface
  interface Step {
    void poll() throws Exception;
  }

  private final Runnable wakeup;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean open = true;

  PollingSubscription(String name, Step step, Runnable wakeup, Runnable onClose) {
    this.wakeup = wakeup;
    this.thread =
        Thread.ofPlatform()
            .name(name)
            .daemon()
            .start(
                () -> {
                  try {
                    while (open) {
                      step.poll();
                    }
                  } catch (Exception e) {
                    if (open) {
                      failure.compareAndSet(null, e);
                    }
                  } finally {
                    onClose.run();
                  }
                });
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public void close() {
    open = false;
    wakeup.run();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
