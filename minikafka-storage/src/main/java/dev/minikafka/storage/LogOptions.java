package dev.minikafka.storage;

import dev.minikafka.core.Clock;
import java.util.Objects;

/**
 * What a partition log needs besides its topic's configuration: when to fsync, what time it is, and
 * how to open files.
 *
 * @param flushPolicy when appends are forced to disk
 * @param clock the time source for segment age and retention
 * @param io how files are opened (fault injection in tests)
 */
public record LogOptions(FlushPolicy flushPolicy, Clock clock, FileIo io) {

  /** Checks that every part is present. */
  public LogOptions {
    Objects.requireNonNull(flushPolicy, "flushPolicy");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(io, "io");
  }

  /** {@code flush=always}, the system clock and the real file system. */
  public static LogOptions defaults() {
    return new LogOptions(FlushPolicy.ALWAYS, Clock.SYSTEM, FileIo.DEFAULT);
  }

  /** These options with another file layer. */
  public LogOptions withFileIo(FileIo fileIo) {
    return new LogOptions(flushPolicy, clock, fileIo);
  }

  /** These options with another flush policy. */
  public LogOptions withFlushPolicy(FlushPolicy policy) {
    return new LogOptions(policy, clock, io);
  }
}
