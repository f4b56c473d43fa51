package dev.minikafka.bench.suite;

import java.time.Duration;

/**
 * Workload 6: recovery. A topic is filled with about {@code bytes} of 1 KiB records, the server is
 * killed with SIGKILL, and the time from launching it again to its first acknowledged produce is
 * the figure: process start, log recovery and whatever else stands between a crash and serving.
 */
final class Recovery {
  static final int VALUE_BYTES = 1024;

  private Recovery() {}

  /** The restart time, after filling {@code topic} with {@code bytes / 1 KiB} records. */
  static Duration run(BenchSystem system, String topic, long bytes) throws Exception {
    system.createTopic(topic);
    Filler.fill(system, topic, 0, bytes / VALUE_BYTES, VALUE_BYTES);
    return system.killAndRestart();
  }
}
