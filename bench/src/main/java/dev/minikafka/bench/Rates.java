package dev.minikafka.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an operation moved, which JMH reports beside the operation rate as the secondary results
 * {@code records} (records per second) and {@code bytes} (bytes per second, as stored).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Rates {
  /** Records written or read in this iteration. */
  public long records;

  /** Bytes written or read in this iteration, as stored in the log. */
  public long bytes;

  /** Starts each iteration from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    records = 0;
    bytes = 0;
  }
}
