package dev.minikafka.checker.workload;

import java.time.Duration;

/**
 * Lets the fault injector quiesce the workload: clients {@link #begin} each operation (blocking
 * while the gate is closed) and {@link #end} it when its outcome is known; {@link #quiesce} closes
 * the gate and waits until no operation is in flight, so the history is settled. Thread-safe.
 */
public final class Gate {
  private boolean closed;
  private int inFlight;

  /** Waits while the gate is closed, then counts one operation in flight. */
  public synchronized void begin() throws InterruptedException {
    while (closed) {
      wait();
    }
    inFlight++;
  }

  /** One operation's outcome is known. */
  public synchronized void end() {
    inFlight--;
    notifyAll();
  }

  /**
   * Closes the gate and waits until every operation in flight has ended.
   *
   * @return whether they ended within {@code timeout} (the gate stays closed either way)
   */
  public synchronized boolean quiesce(Duration timeout) throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Opens the gate again. */
  public synchronized void open() {
    closed = false;
    notifyAll();
  }
}
