package dev.minikafka.storage.internal;

import dev.minikafka.storage.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes small files so that a crash leaves either the old content or the new, never a mix: write a
 * temporary file, fsync it, rename it over the target, fsync the directory. Stateless.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target}'s content with {@code content}, atomically and durably. */
  public static void write(Path target, byte[] content, FileIo io) throws IOException {
    write(target, target.resolveSibling(target.getFileName() + ".tmp"), content, io);
  }

  /**
   * Replaces {@code target}'s content with {@code content}, atomically and durably, through the
   * temporary file {@code temp} (in the same directory).
   */
  public static void write(Path target, Path temp, byte[] content, FileIo io) throws IOException {
    try (FileChannel channel =
        io.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer src = ByteBuffer.wrap(content);
      while (src.hasRemaining()) {
        channel.write(src);
      }
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    io.fsyncDirectory(target.getParent());
  }

  /** Renames {@code from} to {@code to} atomically and makes the rename durable. */
  public static void rename(Path from, Path to, FileIo io) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    io.fsyncDirectory(to.getParent());
  }

  /** Creates an empty file durably. */
  public static void touch(Path file, FileIo io) throws IOException {
    try (FileChannel channel = io.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    io.fsyncDirectory(file.getParent());
  }

  /** Deletes a file or a directory tree, if present. */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
