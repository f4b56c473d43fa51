package dev.minikafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The plain baseline: appends bytes to a file with {@link FileChannel#write(ByteBuffer, long)} and
 * nothing else (no validation, no index, no offsets), starting a new file where the engine would
 * roll a segment. Fsyncs only when asked.
 *
 * <p>Not thread-safe.
 */
public final class RawLog implements AutoCloseable {
  private final Path dir;
  private final long segmentBytes;
  private FileChannel channel;
  private long position;
  private long fileNumber;

  /** Opens a first file in {@code dir}. */
  public RawLog(Path dir, long segmentBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    openNext();
  }

  /** Writes all of {@code bytes} at the end of the current file. */
  public void append(ByteBuffer bytes) {
    try {
      if (position > 0 && position + bytes.remaining() > segmentBytes) {
        channel.close();
        openNext();
      }
      while (bytes.hasRemaining()) {
        position += channel.write(bytes, position);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forces the current file's data to disk, as the engine's flush does. */
  public void fsync() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openNext() {
    try {
      channel =
          FileChannel.open(
              dir.resolve(String.format("%020d.raw", fileNumber++)),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      position = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
