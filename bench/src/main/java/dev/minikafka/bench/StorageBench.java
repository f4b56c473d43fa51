package dev.minikafka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The storage benchmark harness: runs what JMH cannot (recovery after SIGKILL, resident memory
 * while writing) and the JMH suite, then prints a Markdown report, writes the raw results as JSON
 * and, when asked, the report to a file ({@code docs/benchmarks.md}).
 *
 * <pre>
 * java -cp minikafka-bench.jar dev.minikafka.bench.StorageBench [options]
 *   --quick                 a reduced matrix and 256 MiB logs, in about three minutes
 *   --size-mb N             the recovery and RSS log size (1024; 256 with --quick)
 *   --data-dir DIR          where the logs go (a new temporary directory)
 *   --results-dir DIR       where JSON and JMH's log go (bench/results)
 *   --docs FILE             also write the report there
 *   --skip-jmh, --skip-recovery, --skip-rss, --skip-ab
 *   --jmh-include REGEX     which benchmarks (all of dev.minikafka.bench)
 *   --warmup IxS, --measure IxS   JMH iterations x seconds (2x2 and 3x2; 1x1 and 2x1 quick)
 *   --read-mb N             the size of the log the read benchmark reads (256; 64 quick)
 *   --child-heap SIZE       -Xmx of the recovery and RSS child JVMs (256m)
 *   --recovery-batches L    records per batch of the recovery logs (1000,1)
 *   --engine-version TEXT   what was measured (the launcher passes the git commit)
 * </pre>
 */
public final class StorageBench {
  private StorageBench() {}

  /**
   * The flags the build's tests (and the launchers) start JVMs with, so that file channels are made
   * uninterruptible the JDK's way rather than wrapped; every JVM of the benchmarks gets them.
   */
  static final List<String> ENGINE_JVM_FLAGS =
      List.of(
          "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

  /** The interleaved A/B comparisons, in the order they run. */
  static final List<AbBench.Spec> AB_SPECS =
      List.of(
          new AbBench.Spec("1 MiB batches, flush=never, burst", 1024, 0, "never", false, false),
          new AbBench.Spec("1 MiB batches, flush=never, sustained", 1024, 0, "never", false, true),
          new AbBench.Spec(
              "1000 × 100 B batches, flush=always vs write+fsync",
              100,
              1000,
              "always",
              true,
              false),
          new AbBench.Spec(
              "1 × 100 B batches, flush=always vs write+fsync", 100, 1, "always", true, false));

  /** JMH iterations and the seconds each lasts. */
  record Iterations(int count, int seconds) {
    @Override
    public String toString() {
      return count + " x " + seconds + " s";
    }
  }

  /** Options, as parsed from the command line. */
  record Options(
      boolean quick,
      long sizeMb,
      Path dataDir,
      boolean ownDataDir,
      Path resultsDir,
      Path docs,
      boolean jmh,
      boolean recovery,
      boolean rss,
      boolean ab,
      String jmhInclude,
      Iterations warmup,
      Iterations measure,
      long readMb,
      String childHeap,
      List<Integer> recoveryBatches,
      String engineVersion,
      List<String> commandLine) {}

  /** Runs the harness; see the class comment. */
  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    Files.createDirectories(o.resultsDir());
    Files.createDirectories(o.dataDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Report report = new Report(o, Instant.now(), Machine.describe(o.dataDir()));
    report.loadBefore = Machine.loadAverage();
    try {
      if (o.recovery()) {
        for (int batch : o.recoveryBatches()) {
          progress("recovery: %d MiB of 100-byte records in %d-record batches", o.sizeMb(), batch);
          Recovery.Result r =
              Recovery.run(o.dataDir(), o.sizeMb(), 100, batch, 3, true, o.childHeap());
          progress(
              "recovery: unclean opens %s ms; baseline %s ms; cold %s / %s ms",
              r.engineWarmMs(), r.baselineWarmMs(), r.engineColdMs(), r.baselineColdMs());
          report.recovery.add(r);
        }
      }
      if (o.rss()) {
        for (String mode : List.of("engine", "raw")) {
          progress("rss: %s writes %d MiB with -Xmx%s", mode, o.sizeMb(), o.childHeap());
          Rss.Result r = Rss.run(o.dataDir(), mode, o.sizeMb(), o.childHeap());
          progress(
              "rss: %s max %d MiB, at 100%% %d MiB",
              mode, r.maxRssKb() / 1024, r.last().rssKb() / 1024);
          report.rss.add(r);
        }
      }
      if (o.ab()) {
        int rounds = o.quick() ? 4 : 10;
        double slice = o.quick() ? 1 : 2;
        for (AbBench.Spec spec : AB_SPECS) {
          progress("A/B %s: %d rounds of %.0f s slices", spec.name(), rounds, slice);
          AbBench.Result r = AbBench.run(o.dataDir(), spec, rounds, 1, slice);
          progress(
              "A/B %s: engine %.1f MB/s, baseline %.1f MB/s, median ratio %.2f",
              spec.name(), r.medianEngine() / 1e6, r.medianRaw() / 1e6, r.medianRatio());
          report.ab.add(r);
        }
      }
      if (o.jmh()) {
        JmhSuite.Settings settings = jmhSettings(o);
        report.jmhSettings = settings;
        Path log = o.resultsDir().resolve("jmh-" + stamp + ".log");
        progress("jmh: running %s; its log: %s", settings.include(), log);
        report.jmh.addAll(
            JmhSuite.run(settings, o.resultsDir().resolve("jmh-" + stamp + ".json"), log));
      }
    } finally {
      if (o.ownDataDir()) {
        Dirs.delete(o.dataDir());
      }
    }
    report.loadAfter = Machine.loadAverage();
    report.finished = Instant.now();
    String markdown = report.markdown();
    System.out.println(markdown);
    Path json = o.resultsDir().resolve("storage-" + stamp + ".json");
    Files.writeString(json, Json.write(report.json()), StandardCharsets.UTF_8);
    progress("raw results: %s", json);
    if (o.docs() != null) {
      Files.createDirectories(o.docs().toAbsolutePath().getParent());
      Files.writeString(o.docs(), markdown + otherSections(o.docs()), StandardCharsets.UTF_8);
      progress("report: %s", o.docs());
    }
  }

  static JmhSuite.Settings jmhSettings(Options o) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (o.quick()) {
      params.put("recordSize", List.of("100"));
      params.put("batchSize", List.of("1", "1000"));
      params.put("flush", List.of("never", "always"));
    }
    List<String> jvm = new ArrayList<>(ENGINE_JVM_FLAGS);
    jvm.addAll(
        List.of(
            "-Xms1g",
            "-Xmx1g",
            "-D" + Dirs.DIR_PROPERTY + "=" + o.dataDir(),
            "-D" + ReadBenchmark.READ_MB_PROPERTY + "=" + o.readMb(),
            "-D" + EngineLog.FLUSH_INTERVAL_PROPERTY + "=" + EngineLog.flushIntervalMs()));
    return new JmhSuite.Settings(
        o.jmhInclude(),
        o.warmup().count(),
        o.warmup().seconds(),
        o.measure().count(),
        o.measure().seconds(),
        1,
        jvm,
        params);
  }

  static Options parse(String[] args) throws IOException {
    boolean quick = false;
    Long sizeMb = null;
    Path dataDir = null;
    Path resultsDir = Paths.get("bench", "results");
    Path docs = null;
    boolean jmh = true;
    boolean recovery = true;
    boolean rss = true;
    boolean ab = true;
    String include = "dev\\.minikafka\\.bench\\..*Benchmark";
    Iterations warmup = null;
    Iterations measure = null;
    Long readMb = null;
    String heap = "256m";
    List<Integer> batches = null;
    String engineVersion = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--size-mb" -> sizeMb = Long.parseLong(args[++i]);
        case "--data-dir" -> dataDir = Paths.get(args[++i]);
        case "--results-dir" -> resultsDir = Paths.get(args[++i]);
        case "--docs" -> docs = Paths.get(args[++i]);
        case "--skip-jmh" -> jmh = false;
        case "--skip-recovery" -> recovery = false;
        case "--skip-rss" -> rss = false;
        case "--skip-ab" -> ab = false;
        case "--jmh-include" -> include = args[++i];
        case "--warmup" -> warmup = iterations(args[++i]);
        case "--measure" -> measure = iterations(args[++i]);
        case "--read-mb" -> readMb = Long.parseLong(args[++i]);
        case "--child-heap" -> heap = args[++i];
        case "--engine-version" -> engineVersion = args[++i];
        case "--recovery-batches" -> {
          batches = new ArrayList<>();
          for (String s : args[++i].split(",", -1)) {
            batches.add(Integer.parseInt(s.trim()));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a + "; see --help");
      }
    }
    boolean own = dataDir == null;
    if (own) {
      dataDir = Files.createTempDirectory("minikafka-bench-");
    }
    return new Options(
        quick,
        sizeMb != null ? sizeMb : quick ? 256 : 1024,
        dataDir,
        own,
        resultsDir,
        docs,
        jmh,
        recovery,
        rss,
        ab,
        include,
        warmup != null ? warmup : quick ? new Iterations(1, 1) : new Iterations(2, 2),
        measure != null ? measure : quick ? new Iterations(2, 1) : new Iterations(3, 2),
        readMb != null ? readMb : quick ? 64 : 256,
        heap,
        batches != null ? batches : List.of(1000, 1),
        engineVersion,
        List.of(args));
  }

  private static Iterations iterations(String spec) {
    String[] parts = spec.toLowerCase(Locale.ROOT).split("x", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected ITERATIONSxSECONDS, got " + spec);
    }
    return new Iterations(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  static void progress(String format, Object... args) {
    System.err.println("[storage-bench] " + String.format(Locale.ROOT, format, args));
  }

  /**
   * The sections other benchmarks keep in the same page, between {@code <!-- name:begin -->} and
   * {@code <!-- name:end -->} markers, so that rewriting the storage report leaves them in place.
   */
  private static String otherSections(Path docs) throws IOException {
    if (!Files.exists(docs)) {
      return "";
    }
    String old = Files.readString(docs, StandardCharsets.UTF_8);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?s)<!-- ([a-z0-9-]+):begin -->.*?<!-- \\1:end -->")
            .matcher(old);
    StringBuilder kept = new StringBuilder();
    while (m.find()) {
      kept.append("\n").append(m.group()).append("\n");
    }
    return kept.toString();
  }
}
