package dev.minikafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where benchmarks put their files, and how they clean up. */
public final class Dirs {
  /** System property naming the directory under which benchmarks make their files. */
  public static final String DIR_PROPERTY = "minikafka.bench.dir";

  private Dirs() {}

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
