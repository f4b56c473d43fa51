package dev.minikafka.storage;

import dev.minikafka.storage.internal.UninterruptibleChannels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the engine opens files and makes directory entries durable. The default goes straight to the
 * file system; tests pass one that injects write and fsync failures. Implementations must be
 * thread-safe.
 */
public interface FileIo {
  /**
   * The file system as it is, with channels that thread interrupts cannot close (see {@link
   * dev.minikafka.storage.internal.UninterruptibleChannels}).
   */
  FileIo DEFAULT =
      (path, options) -> UninterruptibleChannels.protect(FileChannel.open(path, options));

  /** Opens a file channel, as {@link FileChannel#open(Path, OpenOption...)} does. */
  FileChannel open(Path path, OpenOption... options) throws IOException;

  /** Makes the entries of a directory (created, renamed, deleted files) durable. */
  default void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
