package dev.minikafka.checker.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs for the data directory (mounted when the checker runs as root and may mount), so
 * that {@link #fill()} can make the data directory really run out of space with a ballast file, and
 * {@link #release()} free it again. Used by one thread at a time.
 */
public final class DiskSpace implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final Path mountPoint;
  private final Path ballast;

  private DiskSpace(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.ballast = mountPoint.resolve("ballast");
  }

  /**
   * Mounts a tmpfs of {@code megabytes} at {@code mountPoint}; null when that is not possible (not
   * root, or no permission to mount), and the checker then leaves this fault out.
   */
  public static DiskSpace mount(Path mountPoint, int megabytes)
      throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    Process p =
        new ProcessBuilder(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + megabytes + "m",
                "tmpfs",
                mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    return new DiskSpace(mountPoint);
  }

  /** The mounted directory. */
  public Path root() {
    return mountPoint;
  }

  /** Writes a ballast file until the file system is full; returns its size. */
  public long fill() throws IOException {
    long written = 0;
    byte[] chunk = new byte[CHUNK];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      int size = CHUNK;
      while (size > 0) {
        try {
          out.write(chunk, 0, size);
          out.flush();
          written += size;
        } catch (IOException full) {
          size /= 2;
        }
      }
    } catch (IOException fullOnClose) {
      // The last bytes did not fit either; the file system is full, which is the point.
    }
    return written;
  }

  /** Deletes the ballast. */
  public void release() throws IOException {
    Files.deleteIfExists(ballast);
  }

  /** Unmounts the file system (everything on it is gone). */
  @Override
  public void close() throws IOException {
    release();
    unmount(mountPoint);
  }

  /** Unmounts whatever is mounted at {@code mountPoint} (lazily: open files do not stop it). */
  public static void unmount(Path mountPoint) throws IOException {
    Process p =
        new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
