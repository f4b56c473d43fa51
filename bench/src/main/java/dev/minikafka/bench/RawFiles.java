package dev.minikafka.bench;

import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The baseline's files: a fresh {@link RawLog} per iteration, rolling where the engine does. */
@State(Scope.Benchmark)
public class RawFiles {
  RawLog log;
  private Path dir;

  /** Opens an empty baseline log. */
  @Setup(Level.Iteration)
  public void open() {
    dir = Dirs.fresh("raw-");
    log = new RawLog(dir, 1L << 30);
  }

  /** Closes it and deletes its files. */
  @TearDown(Level.Iteration)
  public void close() {
    log.close();
    Dirs.delete(dir);
  }
}
