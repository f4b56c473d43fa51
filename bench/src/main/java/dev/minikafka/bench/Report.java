package dev.minikafka.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the results into the Markdown report and the JSON results file. */
final class Report {
  /** A goal from the issue and whether this run met it. */
  record Goal(String goal, String measured, String baseline, String met) {}

  private static final double GOAL_RECORDS_PER_SECOND = 2_000_000;
  private static final double GOAL_LARGE_BATCH_RATIO = 0.8;
  private static final double GOAL_RECOVERY_MS = 2000;

  /** What a JVM may hold besides its heap: metaspace, code, thread stacks, I/O buffers. */
  private static final long RSS_NON_HEAP_ALLOWANCE_KB = 128 * 1024;

  private final StorageBench.Options options;
  private final Instant started;
  private final Map<String, String> machine;
  String loadBefore;
  String loadAfter;
  Instant finished;
  final List<Recovery.Result> recovery = new ArrayList<>();
  final List<Rss.Result> rss = new ArrayList<>();
  final List<JmhSuite.Row> jmh = new ArrayList<>();
  JmhSuite.Settings jmhSettings;
  final List<AbBench.Result> ab = new ArrayList<>();

  Report(StorageBench.Options options, Instant started, Map<String, String> machine) {
    this.options = options;
    this.started = started;
    this.machine = machine;
  }

  // ---------------------------------------------------------------------------------------------
  // Goals

  List<Goal> goals() {
    List<Goal> goals = new ArrayList<>();
    JmhSuite.Row encode =
        find(
            "AppendBenchmark.encodeAndAppend",
            "recordSize",
            "100",
            "batchSize",
            "1000",
            "flush",
            "never");
    JmhSuite.Row raw = find("AppendBenchmark.rawWrite", "recordSize", "100", "batchSize", "1000");
    String g1 =
        "Encode-and-append 100-byte records in 1000-record batches, flush=never: >= 2 M records/s";
    if (encode == null) {
      goals.add(new Goal(g1, "not run", "", "not measured"));
    } else {
      goals.add(
          new Goal(
              g1,
              (recs(encode.records())
                      + " records/s "
                      + err(encode.records(), encode.recordsSpread()))
                  .trim(),
              raw == null
                  ? ""
                  : "raw FileChannel write of the same bytes: "
                      + recs(raw.records())
                      + " records/s (engine at "
                      + ratio(encode.records(), raw.records())
                      + ")",
              encode.records() >= GOAL_RECORDS_PER_SECOND ? "**yes**" : "**no**"));
    }
    JmhSuite.Row large = find("LargeBatchBenchmark.appendPreEncoded", "flush", "never");
    JmhSuite.Row largeRaw = find("LargeBatchBenchmark.rawWrite");
    String g2 =
        "Append pre-encoded 1 MiB batches (flush=never) at >= 0.8x the raw FileChannel rate";
    String jmhPart =
        large == null || largeRaw == null
            ? null
            : "JMH: "
                + ratio(large.bytes(), largeRaw.bytes())
                + " ("
                + mbs(large.bytes())
                + " vs "
                + mbs(largeRaw.bytes())
                + " MB/s)";
    AbBench.Result burst = ab(StorageBench.AB_SPECS.get(0));
    AbBench.Result sustained = ab(StorageBench.AB_SPECS.get(1));
    if (burst == null && jmhPart == null) {
      goals.add(new Goal(g2, "not run", "", "not measured"));
    } else {
      double primary = burst != null ? burst.medianRatio() : large.bytes() / largeRaw.bytes();
      List<String> measured = new ArrayList<>();
      List<String> baselines = new ArrayList<>();
      if (burst != null) {
        measured.add(
            String.format(
                Locale.ROOT,
                "burst, interleaved A/B: %.2f× (median of %d rounds; engine %s MB/s)",
                burst.medianRatio(),
                burst.ratios().size(),
                mbs(burst.medianEngine())));
        baselines.add("raw write in turn with the engine: " + mbs(burst.medianRaw()) + " MB/s");
      }
      if (jmhPart != null) {
        measured.add("burst, " + jmhPart);
        if (burst == null) {
          baselines.add("raw FileChannel write: " + mbs(largeRaw.bytes()) + " MB/s");
        }
      }
      if (sustained != null) {
        measured.add(
            String.format(
                Locale.ROOT,
                "sustained (disk-bound) A/B: %.2f× (engine %s MB/s)",
                sustained.medianRatio(),
                mbs(sustained.medianEngine())));
        baselines.add("sustained raw write: " + mbs(sustained.medianRaw()) + " MB/s");
      }
      String met = primary >= GOAL_LARGE_BATCH_RATIO ? "**yes**" : "**no**";
      if (sustained != null) {
        met +=
            sustained.medianRatio() >= GOAL_LARGE_BATCH_RATIO
                ? " (burst); yes when disk-bound"
                : " (burst); no when disk-bound either";
      }
      goals.add(new Goal(g2, String.join("; ", measured), String.join("; ", baselines), met));
    }
    for (Recovery.Result r : recovery) {
      String g =
          "Recovery (unclean open) of a 1 GiB log after SIGKILL in < 2 s — "
              + r.batchSize()
              + "-record batches";
      double median = median(r.engineWarmMs());
      double cpu = median(r.engineWarmCpuMs());
      boolean full = r.logBytes() >= (1L << 30);
      String met;
      if (!full) {
        met = "not at 1 GiB (" + Recovery.mib(r.logBytes()) + " in this run)";
      } else if (median < GOAL_RECOVERY_MS) {
        met =
            r.engineColdMs() != null && r.engineColdMs() < GOAL_RECOVERY_MS
                ? "**yes** (warm and cold)"
                : "**yes** (warm)";
      } else if (cpu < GOAL_RECOVERY_MS) {
        met = "**no** by the clock; its CPU time is under 2 s";
      } else {
        met = "**no**";
      }
      goals.add(
          new Goal(
              g,
              String.format(
                      Locale.ROOT,
                      "%.0f ms median of %d fresh-JVM opens (CPU %.0f ms)",
                      median,
                      r.engineWarmMs().size(),
                      cpu)
                  + " for "
                  + Recovery.mib(r.logBytes())
                  + ", page cache warm"
                  + (r.engineColdMs() == null
                      ? ""
                      : String.format(Locale.ROOT, "; %.0f ms cold", r.engineColdMs())),
              String.format(
                  Locale.ROOT,
                  "sequential read + CRC-32C: %.0f ms warm (CPU %.0f ms); the engine takes %s"
                      + " the time%s",
                  median(r.baselineWarmMs()),
                  median(r.baselineWarmCpuMs()),
                  ratio(median, median(r.baselineWarmMs())),
                  r.baselineColdMs() == null
                      ? ""
                      : String.format(Locale.ROOT, "; %.0f ms cold", r.baselineColdMs())),
              met));
    }
    Rss.Result engine = rss("engine");
    Rss.Result base = rss("raw");
    if (engine != null) {
      long heapKb = sizeKb(engine.heap());
      long liveStartKb = engine.at(0.1).liveHeapKb();
      long liveEndKb = engine.last().liveHeapKb();
      boolean bounded = heapKb > 0 && engine.maxRssKb() <= heapKb + RSS_NON_HEAP_ALLOWANCE_KB;
      boolean liveFlat = liveEndKb <= liveStartKb + 16 * 1024;
      goals.add(
          new Goal(
              "Resident memory while writing "
                  + Recovery.mib(engine.dataBytes())
                  + " does not grow with the data",
              String.format(
                  Locale.ROOT,
                  "RSS %s at 10%%, %s at 50%%, %s at 100%% of the data, max %s with -Xmx%s;"
                      + " live heap after GC %s at 10%%, %s at 100%%",
                  kib(engine.at(0.1).rssKb()),
                  kib(engine.at(0.5).rssKb()),
                  kib(engine.last().rssKb()),
                  kib(engine.maxRssKb()),
                  engine.heap(),
                  kib(liveStartKb),
                  kib(liveEndKb)),
              base == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "raw FileChannel writer: %s at 10%%, %s at 50%%, %s at 100%%, max %s",
                      kib(base.at(0.1).rssKb()),
                      kib(base.at(0.5).rssKb()),
                      kib(base.last().rssKb()),
                      kib(base.maxRssKb())),
              bounded && liveFlat
                  ? "**yes**"
                  : "**no**"
                      + (bounded ? "" : ": RSS went past the heap limit + 128 MiB")
                      + (liveFlat ? "" : ": the live heap grew")));
    }
    return goals;
  }

  // ---------------------------------------------------------------------------------------------
  // Markdown

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Storage benchmarks\n\n");
    b.append(
        "Generated by `bench/run-storage.sh"
            + (options.quick() ? " --quick" : "")
            + "` on "
            + DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .withZone(ZoneOffset.UTC)
                .format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
            + " UTC in "
            + minutes(Duration.between(started, finished))
            + ". Do not edit by hand: rerun the script, which rewrites this page.\n\n");
    if (options.quick()) {
      b.append(
          "**Quick run**: a reduced matrix with one-second iterations and smaller logs; a smoke"
              + " test of the harness, not numbers to compare.\n\n");
    }
    b.append(
        "Every engine figure stands beside a plain baseline measured in the same run, and the"
            + " ratio is the figure to read: absolute rates on a shared 2-core machine move with"
            + " whatever else runs (see [Caveats](#caveats)). Rates are per second; MB = 10^6"
            + " bytes of log (batch headers included); ±x% is half the range between the slowest"
            + " and the fastest measurement iteration (JMH's 99.9% confidence half-widths, which"
            + " with three iterations are 18 times the standard deviation, are in the JSON)."
            + "\n\n");

    b.append("## Goals\n\n");
    b.append("| goal | measured | beside the baseline | met |\n|---|---|---|---|\n");
    for (Goal g : goals()) {
      b.append("| ")
          .append(g.goal())
          .append(" | ")
          .append(g.measured())
          .append(" | ")
          .append(g.baseline())
          .append(" | ")
          .append(g.met())
          .append(" |\n");
    }
    b.append('\n');

    b.append("## Machine\n\n");
    if (options.engineVersion() != null && !options.engineVersion().isBlank()) {
      b.append("- engine measured: ").append(options.engineVersion()).append('\n');
    }
    for (Map.Entry<String, String> e : machine.entrySet()) {
      b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    b.append("- load average (1, 5, 15 min) before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append('\n');
    b.append('\n');

    if (!jmh.isEmpty()) {
      appendTables(b);
      largeBatchTable(b);
    }
    abTable(b);
    if (!jmh.isEmpty()) {
      readTable(b);
    }
    recoveryTable(b);
    rssTable(b);
    settings(b);
    caveats(b);
    b.append("## How to rerun\n\n");
    b.append(
        "```\nbench/run-storage.sh            # everything, about 20 minutes; rewrites this page\n"
            + "bench/run-storage.sh --quick    # reduced matrix, about 3 minutes;"
            + " writes bench/results/ only\n"
            + "java -jar bench/target/minikafka-bench.jar AppendBenchmark -p flush=never"
            + "   # any JMH run by hand\n```\n");
    return b.toString();
  }

  private void appendTables(StringBuilder b) {
    b.append("## Append throughput\n\n");
    b.append(
        "One thread appends to one partition log (Kafka's default topic config: 1 GiB segments,"
            + " an index entry per 4 KiB); each JMH iteration starts on an empty log. A record has"
            + " no key, no headers and a value of the given size; batches are uncompressed v2."
            + " *Pre-encoded* appends a batch encoded once in setup (validation with CRC-32C,"
            + " offset assignment, write, index); *encode+append* encodes the records on every"
            + " append (`PartitionLog.append(List<RecordData>, NONE)`). The baselines write the"
            + " same batch bytes with `FileChannel.write` (rolling files at the same 1 GiB), with"
            + " and without a `force` after each write.\n\n");
    for (String flush : List.of("never", "interval", "always")) {
      boolean always = flush.equals("always");
      String baseName = always ? "AppendBenchmark.rawWriteFsync" : "AppendBenchmark.rawWrite";
      if (find("AppendBenchmark.encodeAndAppend", "flush", flush) == null
          && find("AppendBenchmark.appendPreEncoded", "flush", flush) == null) {
        continue;
      }
      b.append("### flush=")
          .append(flush)
          .append(
              switch (flush) {
                case "never" -> " (the OS writes back; baseline: plain write)";
                case "interval" ->
                    " (an fsync every "
                        + EngineLog.flushIntervalMs()
                        + " ms from a scheduler; baseline: plain write)";
                default ->
                    " (each append returns after its fsync; baseline: write + fsync per append)";
              })
          .append("\n\n");
      String baseLabel = always ? "write+fsync" : "raw write";
      b.append("| record | batch | ")
          .append(baseLabel)
          .append(
              " rec/s | MB/s | pre-encoded rec/s | MB/s | × base | encode+append rec/s | MB/s |"
                  + " × base |\n");
      b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (String rs : List.of("100", "1024")) {
        for (String bs : List.of("1", "100", "1000")) {
          JmhSuite.Row base = find(baseName, "recordSize", rs, "batchSize", bs);
          JmhSuite.Row pre =
              find(
                  "AppendBenchmark.appendPreEncoded",
                  "recordSize",
                  rs,
                  "batchSize",
                  bs,
                  "flush",
                  flush);
          JmhSuite.Row enc =
              find(
                  "AppendBenchmark.encodeAndAppend",
                  "recordSize",
                  rs,
                  "batchSize",
                  bs,
                  "flush",
                  flush);
          if (base == null && pre == null && enc == null) {
            continue;
          }
          b.append("| ").append(rs).append(" B | ").append(bs).append(" | ");
          cells(b, base, null);
          cells(b, pre, base);
          cells(b, enc, base);
          b.append('\n');
        }
      }
      b.append('\n');
    }
  }

  private void largeBatchTable(StringBuilder b) {
    if (find("LargeBatchBenchmark.appendPreEncoded") == null) {
      return;
    }
    JmhSuite.Row raw = find("LargeBatchBenchmark.rawWrite");
    JmhSuite.Row fsync = find("LargeBatchBenchmark.rawWriteFsync");
    JmhSuite.Row any = find("LargeBatchBenchmark.appendPreEncoded");
    b.append("### Pre-encoded 1 MiB batches\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Batches of %.0f 1 KiB records (%s bytes, just under the default max.message.bytes),"
                + " appended pre-encoded, beside the same bytes written plainly.\n\n",
            any.records() / any.ops(),
            String.format(Locale.ROOT, "%,.0f", any.bytes() / any.ops())));
    b.append(
        "| flush | engine MB/s | batches/s | baseline | baseline MB/s | engine ÷ baseline |\n");
    b.append("|---|---:|---:|---|---:|---:|\n");
    for (String flush : List.of("never", "interval", "always")) {
      JmhSuite.Row e = find("LargeBatchBenchmark.appendPreEncoded", "flush", flush);
      if (e == null) {
        continue;
      }
      JmhSuite.Row base = flush.equals("always") ? fsync : raw;
      b.append("| ")
          .append(flush)
          .append(" | ")
          .append((mbs(e.bytes()) + ' ' + err(e.bytes(), e.bytesSpread())).trim())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.0f", e.ops()))
          .append(" | ")
          .append(flush.equals("always") ? "write + fsync per batch" : "raw write")
          .append(" | ")
          .append(
              base == null
                  ? "–"
                  : (mbs(base.bytes()) + " " + err(base.bytes(), base.bytesSpread())).trim())
          .append(" | ")
          .append(base == null ? "–" : ratio(e.bytes(), base.bytes()))
          .append(" |\n");
    }
    b.append('\n');
  }

  private void abTable(StringBuilder b) {
    if (ab.isEmpty()) {
      return;
    }
    b.append("### Interleaved A/B\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "JMH runs each benchmark in turn, so an engine figure and its baseline are measured"
                + " minutes apart, and on a shared machine the load (and, for fsync, the virtual"
                + " disk) changes in between. Here the engine (pre-encoded appends) and its"
                + " baseline take turns in %.0f s slices in one JVM, alternating which goes first;"
                + " each round's two slices give one ratio, and the median of the rounds after the"
                + " first (warmup) is the figure. *Burst*: every slice writes a new, empty log and"
                + " deletes it afterwards (as a JMH iteration does), so the page cache takes the"
                + " writes and the rate is the CPU and memory cost of appending, the engine's fsync"
                + " at each 1 GiB segment roll included. *Sustained*: each writer keeps one log"
                + " across its slices (its newest two 1 GiB segments), dirty data piles up, and the"
                + " kernel throttles both writers to the disk's write-back rate.\n\n",
            ab.get(0).sliceSeconds()));
    b.append(
        "| comparison | batch bytes | engine MB/s | baseline MB/s | engine ÷ baseline (median) |"
            + " range | every round (first is warmup) |\n");
    b.append("|---|---:|---:|---:|---:|---|---|\n");
    for (AbBench.Result r : ab) {
      List<Double> ratios = r.ratios();
      double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      List<String> all = new ArrayList<>();
      for (int i = 0; i < r.engine().size(); i++) {
        all.add(String.format(Locale.ROOT, "%.2f", r.engine().get(i) / r.raw().get(i)));
      }
      b.append("| ")
          .append(r.spec().name())
          .append(String.format(Locale.ROOT, " | %,d | ", r.batchBytes()))
          .append(mbs(r.medianEngine()))
          .append(" | ")
          .append(mbs(r.medianRaw()))
          .append(
              String.format(Locale.ROOT, " | **%.2f×** | %.2f–%.2f | ", r.medianRatio(), min, max))
          .append(String.join(", ", all))
          .append(" |\n");
    }
    b.append('\n');
  }

  private void readTable(StringBuilder b) {
    if (find("ReadBenchmark.read") == null) {
      return;
    }
    b.append("## Read throughput\n\n");
    b.append(
        "Sequential `PartitionLog.read(offset, 1 MiB)` over a "
            + options.readMb()
            + " MiB log written once per trial and read from the page cache, wrapping at the end."
            + " *Bytes only* looks at the last batch header for the next offset (what a fetch that"
            + " ships the bytes needs); *decoded* turns every record into objects"
            + " (`FetchedRecords.records()`, CRC-32C checked per batch). Baseline:"
            + " `FileChannel.read` of the same file in 1 MiB chunks into a reused buffer (its"
            + " rec/s is its MB/s times the log's records per byte).\n\n");
    b.append(
        "| record | batch | raw read MB/s | rec/s | bytes-only rec/s | MB/s | × raw | decoded rec/s |"
            + " MB/s | × raw |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String rs : List.of("100", "1024")) {
      for (String bs : List.of("1", "100", "1000")) {
        JmhSuite.Row raw = find("ReadBenchmark.rawRead", "recordSize", rs, "batchSize", bs);
        JmhSuite.Row plain =
            find("ReadBenchmark.read", "recordSize", rs, "batchSize", bs, "decode", "false");
        JmhSuite.Row decoded =
            find("ReadBenchmark.read", "recordSize", rs, "batchSize", bs, "decode", "true");
        if (raw == null && plain == null && decoded == null) {
          continue;
        }
        b.append("| ").append(rs).append(" B | ").append(bs).append(" | ");
        if (raw == null) {
          b.append("– | – | ");
        } else {
          b.append((mbs(raw.bytes()) + ' ' + err(raw.bytes(), raw.bytesSpread())).trim());
          b.append(" | ").append(recs(raw.records())).append(" | ");
        }
        cells(b, plain, raw);
        cells(b, decoded, raw);
        b.append('\n');
      }
    }
    b.append('\n');
  }

  private void recoveryTable(StringBuilder b) {
    if (recovery.isEmpty()) {
      return;
    }
    b.append("## Recovery after SIGKILL\n\n");
    b.append(
        "A child JVM (-Xmx"
            + options.childHeap()
            + ") appends 100-byte records with flush=never into one segment (segment.bytes set"
            + " above the log size) and is killed with SIGKILL (`Process.destroyForcibly`) while"
            + " everything is open; half a batch is then added at the end, as a torn write leaves"
            + " it. The log is then opened with `PartitionLog.open(..., cleanShutdown=false)`"
            + " three times, each in a fresh JVM as a restarted broker would (JIT cold; only the"
            + " open is timed; the first also cuts the torn half-batch), which validates every batch"
            + " of the last segment (length, magic, CRC-32C, ascending offsets) and rebuilds its"
            + " indexes. Baseline: one sequential read of the same file with FileChannel (4 MiB"
            + " chunks, the engine's recovery chunk) and CRC-32C over every byte, also in a fresh"
            + " JVM, alternating with the opens. *CPU* is the child JVM's process CPU time over"
            + " the timed part (JIT compilers and GC included), which contention inflates less"
            + " than wall time. *Warm*: the file"
            + " is in the page cache, as it is after a process (not machine) crash. *Cold*: the"
            + " file is fsynced and its pages dropped (`dd iflag=nocache count=0`) first.\n\n");
    b.append(
        "| batch | log size | records written / recovered | unclean opens, ms | median ms |"
            + " CPU ms (median) | baseline ms (median) | baseline CPU ms | engine ÷ baseline"
            + " (wall, CPU) | cold open ms | cold baseline ms | cold ratio |\n");
    b.append("|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (Recovery.Result r : recovery) {
      double e = median(r.engineWarmMs());
      double base = median(r.baselineWarmMs());
      double eCpu = median(r.engineWarmCpuMs());
      double baseCpu = median(r.baselineWarmCpuMs());
      b.append("| ")
          .append(r.batchSize())
          .append(" × 100 B | ")
          .append(Recovery.mib(r.logBytes()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%,d / %,d", r.records(), r.recovered()))
          .append(" | ")
          .append(msList(r.engineWarmMs()))
          .append(String.format(Locale.ROOT, " | %.0f | %.0f | ", e, eCpu))
          .append(msList(r.baselineWarmMs()))
          .append(String.format(Locale.ROOT, " (%.0f) | %.0f | ", base, baseCpu))
          .append(ratio(e, base))
          .append(", ")
          .append(ratio(eCpu, baseCpu))
          .append(" | ")
          .append(
              r.engineColdMs() == null ? "–" : String.format(Locale.ROOT, "%.0f", r.engineColdMs()))
          .append(" | ")
          .append(
              r.baselineColdMs() == null
                  ? "–"
                  : String.format(Locale.ROOT, "%.0f", r.baselineColdMs()))
          .append(" | ")
          .append(
              r.engineColdMs() == null || r.baselineColdMs() == null
                  ? "–"
                  : ratio(r.engineColdMs(), r.baselineColdMs()))
          .append(" |\n");
    }
    b.append('\n');
    for (Recovery.Result r : recovery) {
      b.append(
          String.format(
              Locale.ROOT,
              "- %d-record batches: the child wrote the log in %.1f s; the torn tail was %d bytes;"
                  + " %s; %s.\n",
              r.batchSize(),
              r.writeSeconds(),
              r.tornBytes(),
              r.records() == r.recovered()
                  ? "every record written was recovered"
                  : "**recovered " + r.recovered() + " of " + r.records() + " records**",
              r.coldNote()));
    }
    b.append(
        "- Cold runs are one of each, and the virtual disk's read rate varies from minute to"
            + " minute. A thread of the engine's own maps the segment and loads its pages ahead"
            + " of the validation (skipping pages already resident), so the disk reads overlap"
            + " the CRC-32C work and run ahead of it; the baseline reads 4 MiB chunks in turn,"
            + " one request at a time, with only the kernel's read-ahead in front of it.\n");
    b.append('\n');
  }

  private void rssTable(StringBuilder b) {
    if (rss.isEmpty()) {
      return;
    }
    b.append("## Resident memory while writing\n\n");
    b.append(
        "A child JVM writes the data in 1000-record batches of 100-byte records while the harness"
            + " reads its `/proc/<pid>/status` every 100 ms. *engine*: encode-and-append to a"
            + " partition log (flush=never, 1 GiB segments); *raw*: the same batch written with"
            + " plain FileChannel writes. Both JVMs run with the same heap limit and default GC;"
            + " RSS counts the heap the JVM has touched, so a flat line at heap size plus JVM"
            + " overhead is the expected shape, and the page cache is not in it.\n\n");
    b.append(
        "| writer | heap | data | time | RSS at 10% | at 50% | at 100% | max RSS | max RssAnon |"
            + " live heap after GC at 10% / 100% | RSS over the second half | samples |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Rss.Result r : rss) {
      b.append("| ")
          .append(r.mode())
          .append(" | -Xmx")
          .append(r.heap())
          .append(" | ")
          .append(Recovery.mib(r.dataBytes()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f s", r.seconds()))
          .append(" | ")
          .append(kib(r.at(0.1).rssKb()))
          .append(" | ")
          .append(kib(r.at(0.5).rssKb()))
          .append(" | ")
          .append(kib(r.last().rssKb()))
          .append(" | ")
          .append(kib(r.maxRssKb()))
          .append(" | ")
          .append(kib(r.maxAnonKb()))
          .append(" | ")
          .append(kib(r.at(0.1).liveHeapKb()))
          .append(" / ")
          .append(kib(r.last().liveHeapKb()))
          .append(" | ")
          .append(
              String.format(Locale.ROOT, "%+d MiB", (r.last().rssKb() - r.at(0.5).rssKb()) / 1024))
          .append(" | ")
          .append(r.samples().size())
          .append(" |\n");
    }
    b.append(
        "\nThe goal counts as met when the engine's RSS stays under its heap limit plus 128 MiB"
            + " (metaspace, code, threads, I/O buffers) however much it writes, and the live heap"
            + " after GC (what the collector found reachable at its last run) does not grow by"
            + " more than 16 MiB from 10% to 100% of the data. A JVM's RSS rises towards its heap"
            + " limit as the collector sizes the heap, so the RSS columns alone climb early in a"
            + " run whatever the program keeps.\n\n");
  }

  private void settings(StringBuilder b) {
    b.append("## Settings\n\n");
    if (jmhSettings != null) {
      b.append("- JMH 1.37, throughput mode, 1 thread, ")
          .append(jmhSettings.forks())
          .append(" fork per benchmark; warmup ")
          .append(jmhSettings.warmupIterations())
          .append(" x ")
          .append(jmhSettings.warmupSeconds())
          .append(" s, measurement ")
          .append(jmhSettings.measurementIterations())
          .append(" x ")
          .append(jmhSettings.measurementSeconds())
          .append(" s; fork JVM arguments `")
          .append(String.join(" ", jmhSettings.jvmArgs()))
          .append("`.\n");
      b.append("- JMH parameters: ")
          .append(
              jmhSettings.params().isEmpty()
                  ? "the full matrix (recordSize 100, 1024; batchSize 1, 100, 1000; flush never,"
                      + " interval, always; decode false, true)"
                  : jmhSettings.params().toString())
          .append("; benchmarks `")
          .append(jmhSettings.include())
          .append("`.\n");
    }
    if (!ab.isEmpty()) {
      b.append("- Interleaved A/B: ")
          .append(ab.get(0).engine().size())
          .append(" rounds of two ")
          .append(String.format(Locale.ROOT, "%.0f", ab.get(0).sliceSeconds()))
          .append(" s slices each, the first round warmup, in the harness JVM (-Xmx1g).\n");
    }
    b.append("- flush=interval: `FlushPolicy.Interval` of ")
        .append(EngineLog.flushIntervalMs())
        .append(" ms with a scheduler calling `PartitionLog.flush()` as the log manager does.\n");
    b.append(
        "- Topic config: `LogConfig.defaults()` (segment.bytes 1 GiB, index.interval.bytes 4096,"
            + " max.message.bytes 1 MiB); compression none; records without key or headers.\n");
    b.append("- Every JVM (JMH forks, children, the harness) runs with `")
        .append(String.join(" ", StorageBench.ENGINE_JVM_FLAGS))
        .append(
            "`, as the build's tests do, so file channels are made uninterruptible the JDK's"
                + " way.\n");
    b.append("- Recovery and RSS logs: ")
        .append(options.sizeMb())
        .append(" MiB; recovery batch sizes ")
        .append(options.recoveryBatches())
        .append("; child JVMs -Xmx")
        .append(options.childHeap())
        .append(", default GC; read benchmark log: ")
        .append(options.readMb())
        .append(" MiB.\n");
    b.append("- Harness arguments: `")
        .append(String.join(" ", options.commandLine()))
        .append("`; JVM of the harness: ")
        .append(Child.javaBinary())
        .append(".\n\n");
  }

  private void caveats(StringBuilder b) {
    b.append("## Caveats\n\n");
    b.append(
        "- **Two cores, shared.** The benchmark thread, the JVM's compiler and GC threads, the"
            + " interval flusher and the kernel's writeback share 2 cores, and other work (builds,"
            + " test suites) may run at the same time: see the load averages above. Absolute"
            + " rates move by tens of percent between runs; the ratios to the baseline, measured"
            + " minutes apart in the same run, move much less, but are not immune either.\n"
            + "- **Page cache.** With flush=never and interval, writes land in the page cache and"
            + " the rate is a memory-copy and syscall rate, not a disk rate; dirty data is written"
            + " back by the kernel in the background, and how much of that falls inside a"
            + " measurement differs between runs. Deleting each iteration's files drops its dirty"
            + " pages. Reads and warm recovery are served from the page cache.\n"
            + "- **fsync on a virtual disk.** flush=always and the write+fsync baseline measure the"
            + " virtual disk's flush latency, which the host decides; one thread means no group"
            + " commit (each append waits for its own fsync), so these rates are a floor, not what"
            + " many producers sharing an fsync see.\n"
            + "- **Segment rolls.** The engine fsyncs a segment when it rolls it (so that recovery"
            + " only checks the last one), even under flush=never; a run that writes more than"
            + " 1 GiB per iteration pays that inside the measurement, while the baseline just"
            + " opens a new file.\n"
            + "- **fsync on a shared virtual disk swings.** The write+fsync baseline and the"
            + " flush=always rows depend on the flush latency of the host's storage at that"
            + " minute; JMH runs them minutes apart, so their ratios have come out anywhere from"
            + " 0.5× to 1.7× between runs. The interleaved A/B rows are the ones to quote.\n"
            + "- **Short iterations.** Three iterations of a few seconds with one fork: the ±%"
            + " spread is wide where writeback or GC falls unevenly, and a difference inside it is"
            + " not a difference.\n"
            + "- **One buffer.** Pre-encoded appends and the baselines reuse one batch buffer,"
            + " which stays in the CPU caches; bytes arriving from a network would not.\n\n");
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("started", started.toString());
    m.put("finished", finished == null ? null : finished.toString());
    m.put("quick", options.quick());
    m.put("arguments", options.commandLine());
    m.put("engineVersion", options.engineVersion());
    m.put("machine", machine);
    m.put("loadAverageBefore", loadBefore);
    m.put("loadAverageAfter", loadAfter);
    List<Object> goals = new ArrayList<>();
    for (Goal g : goals()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("goal", g.goal());
      gm.put("measured", g.measured());
      gm.put("baseline", g.baseline());
      gm.put("met", g.met().replace("*", ""));
      goals.add(gm);
    }
    m.put("goals", goals);
    if (jmhSettings != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("include", jmhSettings.include());
      s.put("warmup", jmhSettings.warmupIterations() + "x" + jmhSettings.warmupSeconds() + "s");
      s.put(
          "measurement",
          jmhSettings.measurementIterations() + "x" + jmhSettings.measurementSeconds() + "s");
      s.put("forks", jmhSettings.forks());
      s.put("jvmArgs", jmhSettings.jvmArgs());
      s.put("params", jmhSettings.params());
      m.put("jmhSettings", s);
    }
    List<Object> rows = new ArrayList<>();
    for (JmhSuite.Row r : jmh) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("benchmark", r.benchmark());
      rm.put("params", r.params());
      rm.put("opsPerSecond", r.ops());
      rm.put("opsError", r.opsError());
      rm.put("recordsPerSecond", r.records());
      rm.put("recordsError", r.recordsError());
      rm.put("recordsSpread", r.recordsSpread());
      rm.put("bytesPerSecond", r.bytes());
      rm.put("bytesError", r.bytesError());
      rm.put("bytesSpread", r.bytesSpread());
      rows.add(rm);
    }
    m.put("jmh", rows);
    List<Object> rec = new ArrayList<>();
    for (Recovery.Result r : recovery) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("recordSize", r.recordSize());
      rm.put("batchSize", r.batchSize());
      rm.put("logBytes", r.logBytes());
      rm.put("recordsWritten", r.records());
      rm.put("recordsRecovered", r.recovered());
      rm.put("tornBytes", r.tornBytes());
      rm.put("writeSeconds", r.writeSeconds());
      rm.put("engineWarmMs", r.engineWarmMs());
      rm.put("engineWarmCpuMs", r.engineWarmCpuMs());
      rm.put("baselineWarmMs", r.baselineWarmMs());
      rm.put("baselineWarmCpuMs", r.baselineWarmCpuMs());
      rm.put("engineColdMs", r.engineColdMs());
      rm.put("baselineColdMs", r.baselineColdMs());
      rm.put("coldNote", r.coldNote());
      rec.add(rm);
    }
    m.put("recovery", rec);
    List<Object> mem = new ArrayList<>();
    for (Rss.Result r : rss) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("mode", r.mode());
      rm.put("heap", r.heap());
      rm.put("dataBytes", r.dataBytes());
      rm.put("seconds", r.seconds());
      List<Object> samples = new ArrayList<>();
      for (Rss.Sample s : r.samples()) {
        samples.add(
            List.of(s.millis(), s.bytes(), s.rssKb(), s.anonKb(), s.fileKb(), s.liveHeapKb()));
      }
      rm.put(
          "samplesColumns",
          List.of(
              "millis", "bytesWritten", "vmRssKb", "rssAnonKb", "rssFileKb", "liveHeapAfterGcKb"));
      rm.put("samples", samples);
      mem.add(rm);
    }
    m.put("rss", mem);
    List<Object> abs = new ArrayList<>();
    for (AbBench.Result r : ab) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("name", r.spec().name());
      am.put("flush", r.spec().flush());
      am.put("fsyncBaseline", r.spec().fsyncBaseline());
      am.put("sustained", r.spec().sustained());
      am.put("batchBytes", r.batchBytes());
      am.put("recordsPerBatch", r.recordsPerBatch());
      am.put("sliceSeconds", r.sliceSeconds());
      am.put("warmupRounds", r.warmup());
      am.put("engineBytesPerSecond", r.engine());
      am.put("baselineBytesPerSecond", r.raw());
      am.put("ratios", r.ratios());
      abs.add(am);
    }
    m.put("interleavedAb", abs);
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private JmhSuite.Row find(String benchmark, String... kv) {
    for (JmhSuite.Row r : jmh) {
      if (r.is(benchmark, kv)) {
        return r;
      }
    }
    return null;
  }

  private AbBench.Result ab(AbBench.Spec spec) {
    for (AbBench.Result r : ab) {
      if (r.spec().equals(spec)) {
        return r;
      }
    }
    return null;
  }

  private Rss.Result rss(String mode) {
    for (Rss.Result r : rss) {
      if (r.mode().equals(mode)) {
        return r;
      }
    }
    return null;
  }

  /** Appends "rec/s | MB/s | ratio |" cells, or only the first two when {@code base} is null. */
  private static void cells(StringBuilder b, JmhSuite.Row r, JmhSuite.Row base) {
    boolean withRatio = base != null || r == null;
    if (r == null) {
      b.append("– | – | ");
      if (withRatio) {
        b.append("– | ");
      }
      return;
    }
    b.append((recs(r.records()) + ' ' + err(r.records(), r.recordsSpread())).trim());
    b.append(" | ").append(mbs(r.bytes())).append(" | ");
    if (base != null) {
      b.append(ratio(r.bytes(), base.bytes())).append(" | ");
    }
  }

  static String recs(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1f k", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String mbs(double bytesPerSecond) {
    double v = bytesPerSecond / 1e6;
    if (Double.isNaN(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.1f" : "%.2f", v);
  }

  static String err(double score, double error) {
    if (Double.isNaN(error) || score == 0) {
      return "";
    }
    return String.format(Locale.ROOT, "±%.0f%%", 100 * error / score);
  }

  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  static String kib(long kb) {
    return kb < 0 ? "?" : String.format(Locale.ROOT, "%d MiB", Math.round(kb / 1024.0));
  }

  /** A JVM size like {@code 256m} or {@code 1g} in KiB; -1 when it does not parse. */
  static long sizeKb(String size) {
    String t = size.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return -1;
    }
    long unit =
        switch (t.charAt(t.length() - 1)) {
          case 'k' -> 1;
          case 'm' -> 1024;
          case 'g' -> 1024 * 1024;
          default -> 0;
        };
    try {
      return unit == 0
          ? Long.parseLong(t) / 1024
          : Long.parseLong(t.substring(0, t.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String msList(List<Double> values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(String.format(Locale.ROOT, "%.0f", v));
    }
    return String.join(", ", out);
  }

  private static String minutes(Duration d) {
    return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }
}
