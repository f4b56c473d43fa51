package dev.minikafka.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Brings a file's pages into the page cache ahead of a sequential scan, on a thread of its own, so
 * that after a crash reading a segment from disk overlaps validating it instead of alternating with
 * it (the kernel's own read-ahead is a few hundred KiB, far less than a 4 MiB chunk takes to
 * check).
 *
 * <p>It maps the file and touches each window's pages ({@link MappedByteBuffer#load()}), skipping
 * windows already resident ({@link MappedByteBuffer#isLoaded()}), so a warm cache costs almost
 * nothing and nothing is copied. It only reads: a scan that stops early, or a file cut after the
 * scan, is not affected beyond {@link #close()} stopping it first.
 *
 * <p>Thread-safety: one owner starts and closes it; the work runs on its own daemon thread.
 */
public final class ReadAhead implements AutoCloseable {
  /**
   * Smaller files are read fast enough by the scan alone; a thread would cost more than it saves.
   */
  static final long MIN_BYTES = 16L * 1024 * 1024;

  private static final long WINDOW_BYTES = 8L * 1024 * 1024;

  /** Set before the thread starts; read by the owner only. Null when there is nothing to do. */
  private Thread thread;

  private volatile boolean stopped;

  private ReadAhead() {}

  /**
   * Starts reading {@code channel} from its start up to {@code size} bytes; does nothing for small
   * files or channels that cannot be mapped.
   */
  public static ReadAhead start(FileChannel channel, long size) {
    ReadAhead ahead = new ReadAhead();
    if (size < MIN_BYTES) {
      return ahead;
    }
    MappedByteBuffer map;
    try {
      map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (IOException | UnsupportedOperationException e) {
      return ahead;
    }
    ahead.thread =
        Thread.ofPlatform()
            .daemon()
            .name("minikafka-read-ahead")
            .start(() -> ahead.touch(map, size));
    return ahead;
  }

  private void touch(MappedByteBuffer map, long size) {
    try {
      for (long at = 0; at < size && !stopped; at += WINDOW_BYTES) {
        MappedByteBuffer window = map.slice((int) at, (int) Math.min(WINDOW_BYTES, size - at));
        if (!window.isLoaded()) {
          window.load();
        }
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // A hint only: the scan reads the file itself and reports any real problem.
    }
  }

  /** Stops the read-ahead and waits for its thread, so nothing touches the file afterwards. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    stopped = true;
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
