package dev.minikafka.core;

/**
 * The source of time for everything that decides by time (segment age, retention, flush intervals),
 * injected so tests can move time by hand. Implementations are thread-safe.
 */
public interface Clock {
  /** The system clock. */
  Clock SYSTEM =
      new Clock() {
        @Override
        public long milliseconds() {
          return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
          return System.nanoTime();
        }
      };

  /** Wall-clock time in milliseconds since the epoch; may jump. */
  long milliseconds();

  /** A monotonic reading in nanoseconds, for measuring intervals only. */
  long nanoseconds();
}
