package dev.minikafka.bench.suite;

import dev.minikafka.bench.Dirs;
import dev.minikafka.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minikafka bench}: measures minikafka and its peers side by side on the same machine, in
 * the same run, on the same workloads, and reports the comparison (terminal table, JSON results,
 * and, for a full run, the comparison section of {@code docs/benchmarks.md} with its charts).
 */
@Command(
    name = "minikafka bench",
    mixinStandardHelpOptions = true,
    description =
        "Measures minikafka beside Apache Kafka and the classroom broker, under matched"
            + " durability: single-message produce, batched produce, backlog consume, end-to-end"
            + " latency, scaling with partition size, recovery after SIGKILL. Prints a table; raw"
            + " results go to bench/results/. Only a full run (no --quick, every system and"
            + " workload) rewrites docs/benchmarks.md; --report-from rewrites it from the results"
            + " of full runs of separate durability profiles.")
public final class BenchCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** How a run's work directory (the brokers' data) in the temp directory is named. */
  private static final String WORK_PREFIX = "minikafka-bench-";

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--root", hidden = true, description = "The repository (set by bin/minikafka).")
  Path root = Path.of(".");

  @Option(names = "--quick", description = "Reduced matrix, about 90 s; results only.")
  boolean quick;

  @Option(
      names = "--systems",
      split = ",",
      paramLabel = "NAME",
      description =
          "Systems to measure (default: all: ${COMPLETION-CANDIDATES:-minikafka,kafka,...}).")
  List<String> systems = new ArrayList<>();

  @Option(
      names = "--workloads",
      split = ",",
      paramLabel = "NAME",
      description = "produce, batch, consume, e2e, scaling, recovery (default: all).")
  List<String> workloads = new ArrayList<>();

  @Option(
      names = "--durability",
      split = ",",
      paramLabel = "PROFILE",
      description = "strict, relaxed (default: both; quick: strict).")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--reps", description = "Repetitions of workloads 1-4 (default 3; quick 1).")
  Integer reps;

  @Option(names = "--results-dir", description = "Where the JSON results go (bench/results).")
  Path resultsDir;

  @Option(names = "--docs", description = "The report a full run rewrites (docs/benchmarks.md).")
  Path docs;

  @Option(names = "--no-docs", description = "Do not touch the docs, even after a full run.")
  boolean noDocs;

  @Option(names = "--keep", description = "Keep the brokers' data directories.")
  boolean keep;

  @Option(
      names = "--report-from",
      split = ",",
      paramLabel = "FILE",
      description =
          "Measure nothing: rewrite the docs' comparison from the JSON results of earlier full"
              + " runs, one per durability profile (a full run of both profiles takes hours).")
  List<Path> reportFrom = new ArrayList<>();

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new BenchCommand());
    // A failed run says why in one message (the log beside the results has the details).
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("bench: failed: " + e.getMessage());
          if (System.getenv("MINIKAFKA_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Systems registry = new Systems(root);
    if (!reportFrom.isEmpty()) {
      return reportFrom(registry);
    }
    List<String> names = systems.isEmpty() ? registry.names() : List.copyOf(systems);
    for (String n : names) {
      if (!registry.names().contains(n)) {
        throw new ParameterException(
            spec.commandLine(), "unknown system " + n + " (known: " + registry.names() + ")");
      }
    }
    Set<Workload> selected = new LinkedHashSet<>();
    Plan plan;
    try {
      for (String w : workloads) {
        selected.add(Workload.of(w));
      }
      List<Durability> chosen = new ArrayList<>();
      for (String p : profiles) {
        chosen.add(Durability.of(p));
      }
      if (chosen.isEmpty()) {
        chosen =
            quick ? List.of(Durability.STRICT) : List.of(Durability.STRICT, Durability.RELAXED);
      }
      if (selected.isEmpty()) {
        selected.addAll(List.of(Workload.values()));
      }
      if (reps != null && reps < 1) {
        throw new IllegalArgumentException("--reps must be at least 1");
      }
      plan =
          quick
              ? Plan.quick(reps == null ? 1 : reps, chosen)
              : Plan.full(reps == null ? 3 : reps, chosen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return run(plan, registry, names, selected);
  }

  /** A results document of what {@code runner} measured in the {@code took} since it started. */
  private static ResultsFile.Contents contents(
      Instant started, Duration took, Plan plan, Map<String, String> machine, Runner runner) {
    return new ResultsFile.Contents(
        started.toString(),
        took.toMillis() / 1000.0,
        plan.describe(),
        machine,
        runner.infos(),
        runner.notes(),
        Row.of(runner.samples()),
        runner.samples());
  }

  private int run(Plan plan, Systems registry, List<String> names, Set<Workload> selected)
      throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Path results = resultsDir != null ? resultsDir : root.resolve("bench/results");
    Files.createDirectories(results);
    Instant started = Instant.now();
    String stamp = STAMP.format(started);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (Path abandoned : Dirs.sweepAbandoned(tmp, WORK_PREFIX)) {
      err.println("bench: deleted " + abandoned + ", left behind by a run that was killed");
    }
    Path work = Dirs.owned(tmp, WORK_PREFIX);
    // The disk described is the one the brokers' data is on.
    Map<String, String> machine = Machine.describe(work);
    // Named now, while the sources are those the launcher built the measured jars from.
    machine.put("minikafka commit", commit(root));
    boolean terminal = Boolean.getBoolean("minikafka.tty.stderr");
    Path log = results.resolve("comparison-" + stamp + ".log");
    // Rewritten after every step and deleted once the whole run is written: what is left of a run
    // that was killed or failed.
    Path partial = results.resolve("comparison-" + stamp + ".partial.json");
    Runner runner;
    boolean ok = false;
    try (Progress progress =
        Progress.start(terminal, Runner.steps(plan, names.size(), selected), log, err)) {
      progress.log(
          "bench: "
              + (plan.quick() ? "quick" : "full")
              + " run of "
              + names
              + " on "
              + selected
              + ", durability "
              + plan.profiles()
              + "; data in "
              + work);
      runner =
          new Runner(
              plan,
              registry,
              names,
              selected,
              work,
              progress,
              soFar ->
                  ResultsFile.write(
                      partial,
                      contents(
                          started,
                          Duration.between(started, Instant.now()),
                          plan,
                          machine,
                          soFar)));
      try {
        runner.run();
        ok = true;
      } finally {
        if (!ok) {
          progress.log("bench: the run failed");
        }
      }
    } catch (Exception e) {
      err.println("bench: the log is " + log);
      if (Files.exists(partial)) {
        err.println("bench: the figures measured before the failure are in " + partial);
      }
      throw e;
    } finally {
      if (!keep) {
        Dirs.delete(work);
      }
    }
    Duration took = Duration.between(started, Instant.now());
    List<Row> rows = Row.of(runner.samples());
    out.print(Report.terminal(rows, runner.infos(), runner.notes()));

    machine.put("load average at the end", Machine.loadAverage());
    Path json = results.resolve("comparison-" + stamp + ".json");
    ResultsFile.write(json, contents(started, took, plan, machine, runner));
    Files.deleteIfExists(partial);
    out.printf(
        Locale.ROOT,
        "%nbench: %s run took %d min %d s; raw results in %s%n",
        plan.quick() ? "quick" : "full",
        took.toMinutes(),
        took.toSecondsPart(),
        json);

    boolean full =
        !plan.quick()
            && names.equals(registry.names())
            && selected.size() == Workload.values().length;
    if (full && !noDocs) {
      String header =
          String.format(
              Locale.ROOT,
              "Generated by `bin/minikafka bench` on %s in %d min %d s (do not edit between the"
                  + " markers; rerun it). Raw results: `%s` in `bench/results/` (not committed).",
              started.toString().substring(0, 19).replace('T', ' ') + " UTC",
              took.toMinutes(),
              took.toSecondsPart(),
              json.getFileName());
      writeDocs(
          out,
          header,
          rows,
          runner.infos(),
          machine,
          plan.describe(),
          runner.notes(),
          plan.profiles().getFirst().id());
    } else if (full) {
      out.println("bench: --no-docs: the docs were left alone");
    } else if (!plan.quick()) {
      out.println("bench: not every system and workload ran, so the docs were left alone");
    }
    return 0;
  }

  /** Rewrites the docs' comparison section from earlier runs' results files, measuring nothing. */
  private int reportFrom(Systems registry) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<ResultsFile.Contents> runs = new ArrayList<>();
    for (Path file : reportFrom) {
      try {
        runs.add(ResultsFile.read(file));
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "cannot read the results " + file + ": " + e.getMessage());
      }
    }
    MergedRuns merged;
    try {
      merged = MergedRuns.of(runs, registry.names());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> each = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      ResultsFile.Contents run = runs.get(i);
      each.add(
          String.format(
              Locale.ROOT,
              "%s (%s, %d min, `%s`)",
              run.started().substring(0, 19).replace('T', ' ') + " UTC",
              String.join(", ", MergedRuns.profilesOf(run)),
              Math.round(run.seconds() / 60),
              reportFrom.get(i).getFileName()));
    }
    String header =
        "Generated by `bin/minikafka bench`, one full run per durability profile, reported"
            + " together by `bin/minikafka bench --report-from` (do not edit between the markers;"
            + " rerun it). Runs: "
            + String.join("; ", each)
            + "; raw results in `bench/results/` (not committed).";
    writeDocs(
        out,
        header,
        Row.of(merged.samples()),
        merged.systems(),
        merged.machine(),
        merged.settings(),
        merged.notes(),
        MergedRuns.profilesOf(runs.getFirst()).getFirst());
    return 0;
  }

  /** Rewrites the comparison section of the docs and its charts (of the first profile measured). */
  private void writeDocs(
      PrintStream out,
      String header,
      List<Row> rows,
      List<SystemInfo> infos,
      Map<String, String> machine,
      Map<String, Object> settings,
      List<String> notes,
      String chartedProfile)
      throws IOException {
    Path docsFile = docs != null ? docs : root.resolve("docs/benchmarks.md");
    Map<String, String> charts =
        Charts.write(rows, chartedProfile, docsFile.getParent().resolve("bench"));
    Map<String, String> linked = new LinkedHashMap<>();
    charts.forEach((file, caption) -> linked.put("bench/" + file, caption));
    Report.replaceSection(
        docsFile, Report.markdown(header, rows, infos, machine, settings, notes, linked));
    out.println("bench: rewrote the comparison section of " + docsFile + " and its charts");
  }

  /** The repository's commit, and whether its working tree differs from it. */
  private static String commit(Path root) {
    try {
      Process p =
          new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? out : "unknown (" + out + ")";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
