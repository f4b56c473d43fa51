package dev.minikafka.bench.suite;

import java.time.Duration;

/**
 * A {@link BenchSystem.BacklogReader} over a client that reads in rounds: it calls a round until
 * enough records came, and gives up when rounds return none for longer than the idle limit. Owned
 * by one thread, like the client it reads with.
 */
final class PollingBacklogReader implements BenchSystem.BacklogReader {
  /** One round of reading: waits a little for records and returns how many came (0: none). */
  @FunctionalInterface
  interface Round {
    int read() throws Exception;
  }

  private final Round round;
  private final Runnable close;

  /** Reads with {@code round}; {@code close} releases the client. */
  PollingBacklogReader(Round round, Runnable close) {
    this.round = round;
    this.close = close;
  }

  @Override
  public long read(long records, Duration idle) throws Exception {
    long seen = 0;
    long lastRecord = System.nanoTime();
    while (seen < records) {
      int n = round.read();
      seen += n;
      if (n > 0) {
        lastRecord = System.nanoTime();
      } else if (System.nanoTime() - lastRecord > idle.toNanos()) {
        throw new IllegalStateException("only " + seen + " of " + records + " records");
      }
    }
    return seen;
  }

  @Override
  public void close() {
    close.run();
  }
}
