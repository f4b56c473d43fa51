package dev.minikafka.broker.groups;

import dev.minikafka.core.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it. Thread-safe. */
public final class ManualClock implements Clock {
  private final AtomicLong millis = new AtomicLong(1_764_000_000_000L);

  @Override
  public long milliseconds() {
    return millis.get();
  }

  @Override
  public long nanoseconds() {
    return millis.get() * 1_000_000;
  }

  /** Moves time forward. */
  public void advance(long ms) {
    millis.addAndGet(ms);
  }
}
