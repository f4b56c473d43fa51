package dev.minikafka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory while writing: a child JVM appends a given amount of data while this one reads
 * its {@code /proc/<pid>/status} every 100 ms. The engine (encode and append 1000-record batches of
 * 100-byte records, flush=never, 1 GiB segments) beside the baseline (the same batch written with
 * plain FileChannel writes), both with the same heap limit.
 */
final class Rss {
  /**
   * One sample.
   *
   * @param millis since the child started
   * @param bytes data written by then
   * @param rssKb VmRSS
   * @param anonKb RssAnon
   * @param fileKb RssFile
   * @param liveHeapKb the heap in use after the child's last GC, as last reported
   */
  record Sample(long millis, long bytes, long rssKb, long anonKb, long fileKb, long liveHeapKb) {}

  /** The samples of one writer and the points the report shows. */
  record Result(String mode, String heap, long dataBytes, double seconds, List<Sample> samples) {
    /** The first sample at or past {@code fraction} of the data. */
    Sample at(double fraction) {
      for (Sample s : samples) {
        if (s.bytes() >= fraction * dataBytes) {
          return s;
        }
      }
      return samples.get(samples.size() - 1);
    }

    /** The sample taken after the child wrote everything. */
    Sample last() {
      return samples.get(samples.size() - 1);
    }

    long maxRssKb() {
      return samples.stream().mapToLong(Sample::rssKb).max().orElse(-1);
    }

    long maxLiveHeapKb() {
      return samples.stream().mapToLong(Sample::liveHeapKb).max().orElse(-1);
    }

    long maxAnonKb() {
      return samples.stream().mapToLong(Sample::anonKb).max().orElse(-1);
    }
  }

  private Rss() {}

  static Result run(Path base, String mode, long sizeMb, String heap)
      throws IOException, InterruptedException {
    Path dir = base.resolve("rss-" + mode);
    List<Sample> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    long data;
    try (Child child =
        Child.start(
            List.of("-Xmx" + heap),
            List.of(
                "--dir",
                dir.resolve("bench-0").toString(),
                "--size-mb",
                Long.toString(sizeMb),
                "--record-size",
                "100",
                "--batch",
                "1000",
                "--mode",
                mode,
                "--encode",
                "true"))) {
      long deadline = System.nanoTime() + 20L * 60 * 1_000_000_000L;
      int afterDone = 0;
      while (afterDone < 3) {
        if (!child.isAlive()) {
          throw new IllegalStateException("RSS child (" + mode + ") died");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("RSS child (" + mode + ") took over 20 minutes");
        }
        boolean done = child.isDone();
        Sample s = sample(child, (System.nanoTime() - t0) / 1_000_000);
        if (s != null) {
          samples.add(s);
        }
        if (done) {
          afterDone++;
        }
        Thread.sleep(100);
      }
      data = child.doneBytes();
      child.kill();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Dirs.delete(dir);
    if (samples.isEmpty()) {
      throw new IllegalStateException("no RSS samples for " + mode);
    }
    return new Result(mode, heap, data, seconds, samples);
  }

  private static Sample sample(Child child, long millis) throws IOException {
    long bytes = child.progress();
    List<String> lines;
    try {
      lines = Files.readAllLines(child.statusFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    long live = child.liveHeap();
    return new Sample(
        millis,
        bytes,
        field(lines, "VmRSS:"),
        field(lines, "RssAnon:"),
        field(lines, "RssFile:"),
        live < 0 ? -1 : live / 1024);
  }

  private static long field(List<String> lines, String name) {
    for (String l : lines) {
      if (l.startsWith(name)) {
        String v = l.substring(name.length()).trim();
        int space = v.indexOf(' ');
        return Long.parseLong(space < 0 ? v : v.substring(0, space));
      }
    }
    return -1;
  }
}
