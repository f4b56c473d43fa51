package dev.minikafka.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Recovery after SIGKILL: a child JVM appends a log of one segment with flush=never and is killed
 * with everything open; half a batch is then added at the end, as a torn write leaves it. The log
 * is opened unclean ({@code cleanShutdown=false}) several times, each timed, beside the baseline:
 * one sequential {@link FileChannel} read of the same file with CRC-32C over every byte. Warm runs
 * read from the page cache (a killed process leaves it full); cold runs first drop the file's pages
 * ({@code dd iflag=nocache}, after an fsync).
 */
final class Recovery {
  /** What one recovery measurement found. */
  record Result(
      int recordSize,
      int batchSize,
      long logBytes,
      long records,
      long recovered,
      int tornBytes,
      double writeSeconds,
      List<Double> engineWarmMs,
      List<Double> engineWarmCpuMs,
      List<Double> baselineWarmMs,
      List<Double> baselineWarmCpuMs,
      Double engineColdMs,
      Double baselineColdMs,
      String coldNote) {}

  private static final int CHUNK = 4 << 20;

  /** JVM options for the recovery children, from {@code -Dminikafka.bench.recoveryJvmArgs}. */
  private static final List<String> EXTRA_CHILD_ARGS =
      System.getProperty("minikafka.bench.recoveryJvmArgs", "").isBlank()
          ? List.of()
          : List.of(System.getProperty("minikafka.bench.recoveryJvmArgs").trim().split(" +", -1));

  /** Keeps the baseline's checksum observable, so that no compiler drops the work. */
  static volatile long sink;

  private Recovery() {}

  static Result run(
      Path base, long sizeMb, int recordSize, int batchSize, int runs, boolean cold, String heap)
      throws IOException, InterruptedException {
    Path dir = base.resolve("recovery-b" + batchSize).resolve("bench-0");
    Files.createDirectories(dir);
    int segmentBytes = (int) Math.min(Integer.MAX_VALUE, (sizeMb + 64) << 20);
    long start = System.nanoTime();
    long records;
    try (Child child =
        Child.start(
            List.of("-Xmx" + heap),
            List.of(
                "--dir", dir.toString(),
                "--size-mb", Long.toString(sizeMb),
                "--record-size", Integer.toString(recordSize),
                "--batch", Integer.toString(batchSize),
                "--mode", "engine",
                "--encode", "false",
                "--segment-bytes", Integer.toString(segmentBytes)))) {
      child.awaitDone(20);
      records = child.doneRecords();
      child.kill();
    }
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    Path logFile = singleLogFile(dir);
    ByteBuffer batch = Payloads.batch(Payloads.records(batchSize, recordSize));
    int torn = batch.remaining() / 2;
    try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
      ch.write(batch.limit(torn), ch.size());
    }
    long logBytes = Files.size(logFile);

    List<Double> engine = new ArrayList<>();
    List<Double> engineCpu = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    List<Double> baselineCpu = new ArrayList<>();
    long recovered = -1;
    for (int i = 0; i < runs; i++) {
      double[] e = timeInChild(heap, "engine", dir.toString(), Integer.toString(segmentBytes));
      engine.add(e[0]);
      engineCpu.add(e[2]);
      if (i == 0) {
        recovered = (long) e[1];
      }
      double[] b = timeInChild(heap, "baseline", logFile.toString());
      baseline.add(b[0]);
      baselineCpu.add(b[2]);
    }

    Double engineCold = null;
    Double baselineCold = null;
    String coldNote;
    if (!cold) {
      coldNote = "not run";
    } else {
      String e1 = dropCache(logFile);
      long residentBeforeEngine = resident(logFile);
      engineCold = timeInChild(heap, "engine", dir.toString(), Integer.toString(segmentBytes))[0];
      String e2 = dropCache(logFile);
      long residentBeforeBaseline = resident(logFile);
      baselineCold = timeInChild(heap, "baseline", logFile.toString())[0];
      coldNote =
          e1 != null || e2 != null
              ? "page cache drop failed (" + (e1 != null ? e1 : e2) + "): cold numbers are not cold"
              : String.format(
                  Locale.ROOT,
                  "file pages resident before the cold runs: %s and %s of %s (fincore)",
                  mib(residentBeforeEngine),
                  mib(residentBeforeBaseline),
                  mib(logBytes));
    }
    Dirs.delete(dir.getParent());
    return new Result(
        recordSize,
        batchSize,
        logBytes,
        records,
        recovered,
        torn,
        writeSeconds,
        engine,
        engineCpu,
        baseline,
        baselineCpu,
        engineCold,
        baselineCold,
        coldNote);
  }

  /** Runs {@link RecoverChild} in a fresh JVM; its milliseconds and log end offset. */
  private static double[] timeInChild(String heap, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Child.javaBinary());
    command.addAll(StorageBench.ENGINE_JVM_FLAGS);
    command.add("-Xmx" + heap);
    command.addAll(EXTRA_CHILD_ARGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RecoverChild.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("recovery child failed: " + String.join(" ", args));
    }
    for (String line : out.lines().toList()) {
      if (line.startsWith("MS ")) {
        String[] f = line.substring(3).trim().split(" ", -1);
        return new double[] {
          Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])
        };
      }
    }
    throw new IllegalStateException("recovery child printed no time: " + out);
  }

  /** Reads the file front to back in 4 MiB chunks with CRC-32C over all of it; milliseconds. */
  static double timeBaseline(Path file) throws IOException {
    long t0 = System.nanoTime();
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long at = 0;
      while (true) {
        buffer.clear();
        int n = ch.read(buffer, at);
        if (n < 0) {
          break;
        }
        at += n;
        crc.update(buffer.flip());
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    sink = crc.getValue();
    return ms;
  }

  private static Path singleLogFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).toList();
      if (logs.size() != 1) {
        throw new IllegalStateException("expected one segment in " + dir + ", found " + logs);
      }
      return logs.get(0);
    }
  }

  /** Fsyncs the file, then asks the kernel to drop its cached pages; null when that worked. */
  private static String dropCache(Path file) throws IOException, InterruptedException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(false);
    }
    return run("dd", "if=" + file, "iflag=nocache", "count=0", "status=none") == null
        ? "dd iflag=nocache unavailable"
        : null;
  }

  /** Bytes of the file in the page cache per {@code fincore}, or -1 when unknown. */
  private static long resident(Path file) throws InterruptedException {
    String out = run("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString());
    if (out == null) {
      return -1;
    }
    try {
      return Long.parseLong(out.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Runs a command; its standard output, or null when it failed or is missing. */
  static String run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String mib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }
}
