package dev.minikafka.storage.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The platform threads that run fsyncs for appends waiting on them (group commit under {@code
 * flush=always}).
 *
 * <p>Why platform threads: an fsync blocks its thread in the kernel for the whole flush. Run on a
 * virtual thread it would hold a carrier (the JDK compensates by adding carriers, at a cost per
 * call), and the request threads waiting for it would be parked and woken around it. A thread of
 * its own per flushing log keeps request threads out of the kernel's flush entirely.
 *
 * <p>Threads are created when logs need them and end after a minute idle, so a broker with many
 * idle partitions holds none. Thread-safety: {@link #execute} may be called from any thread.
 */
public final class Flushers {
  private static final ThreadFactory FACTORY =
      Thread.ofPlatform().daemon().name("minikafka-flusher-", 0).factory();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(FACTORY);

  private Flushers() {}

  /** Runs {@code task} on a flusher thread. */
  public static void execute(Runnable task) {
    POOL.execute(task);
  }
}
