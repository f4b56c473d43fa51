package dev.minikafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where benchmarks put their files, and how they clean up. */
public final class Dirs {
  /** System property naming the directory under which benchmarks make their files. */
  public static final String DIR_PROPERTY = "minikafka.bench.dir";

  /** The file in an owned directory that names the process that made it. */
  private static final String OWNER_FILE = "owner.pid";

  private Dirs() {}

  /**
   * A new directory in {@code base} for a run of this process, marked with this process's id so
   * that a later run can tell when it was abandoned ({@link #sweepAbandoned}).
   */
  public static Path owned(Path base, String prefix) throws IOException {
    Path dir = Files.createTempDirectory(base, prefix);
    Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    return dir;
  }

  /**
   * Deletes the directories {@link #owned} made in {@code base} under {@code prefix} whose process
   * is gone: what a run killed before it could clean up (a SIGKILL, a closed session) left behind,
   * tens of gigabytes after a full comparison. Directories of live processes, and those without an
   * owner mark, are left alone. A recycled process id keeps a directory until that process ends
   * too.
   *
   * @return the deleted directories
   */
  public static List<Path> sweepAbandoned(Path base, String prefix) throws IOException {
    List<Path> deleted = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(base)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).toList()) {
        Optional<Long> owner = owner(dir);
        if (owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty()) {
          delete(dir);
          deleted.add(dir);
        }
      }
    }
    return deleted;
  }

  private static Optional<Long> owner(Path dir) {
    try {
      return Optional.of(Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip()));
    } catch (IOException | NumberFormatException | SecurityException unreadable) {
      return Optional.empty(); // not one of ours, or not readable: left alone
    }
  }

  /** A new, empty directory under {@code -Dminikafka.bench.dir} (or the temp directory). */
  public static Path fresh(String prefix) {
    try {
      Path base = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The total size of the regular files under {@code dir}. */
  public static long size(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      long total = 0;
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        try {
          total += Files.size(p);
        } catch (IOException ignored) {
          // Deleted while we walked (a segment removed): not there, so not counted.
        }
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
