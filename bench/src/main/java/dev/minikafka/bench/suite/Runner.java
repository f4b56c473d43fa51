package dev.minikafka.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link Plan}: per durability profile, starts every selected system (side by side, all
 * alive during the profile), warms each up, runs workloads 1–4 for every repetition with the order
 * of the systems alternating between repetitions, then workloads 5 and 6 once, and stops them.
 * Collects {@link Sample}s, the systems' descriptions and notes. A system that fails to start fails
 * the run; a workload that fails for one system is a note, its figures n/a, and the run goes on.
 * Not thread-safe: one run per instance.
 */
final class Runner {
  private final Plan plan;
  private final Systems registry;
  private final List<String> systemNames;
  private final Set<Workload> workloads;
  private final Path workRoot;
  private final Progress progress;
  private final Checkpoint checkpoint;

  private final List<Sample> samples = new ArrayList<>();
  private final List<SystemInfo> infos = new ArrayList<>();
  private final Set<String> notes = new LinkedHashSet<>();

  Runner(
      Plan plan,
      Systems registry,
      List<String> systemNames,
      Set<Workload> workloads,
      Path workRoot,
      Progress progress,
      Checkpoint checkpoint) {
    this.plan = plan;
    this.registry = registry;
    this.systemNames = systemNames;
    this.workloads = workloads;
    this.workRoot = workRoot;
    this.progress = progress;
    this.checkpoint = checkpoint;
  }

  /**
   * Saves what a run has measured so far, so that a run killed after an hour keeps that hour's
   * figures. Called on the run's thread after every step, between measurements.
   */
  @FunctionalInterface
  interface Checkpoint {
    void save(Runner soFar) throws IOException;
  }

  List<Sample> samples() {
    return samples;
  }

  List<SystemInfo> infos() {
    return infos;
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /** How many steps {@link #run} takes, for the progress bar. */
  static long steps(Plan plan, int systems, Set<Workload> workloads) {
    long sizes = plan.valueBytes().size();
    long perRep = 0;
    if (workloads.contains(Workload.PRODUCE)) {
      perRep += sizes * plan.clients().size() * systems;
    }
    if (workloads.contains(Workload.BATCH)) {
      perRep += sizes * (systems + 1);
    }
    if (workloads.contains(Workload.CONSUME)) {
      perRep += sizes * (systems + 1);
    }
    if (workloads.contains(Workload.E2E)) {
      perRep += sizes * plan.e2eRates().size() * systems;
    }
    long once = 1L + systems; // start, warm-up
    if (workloads.contains(Workload.CONSUME)) {
      once += sizes * systems;
    }
    if (workloads.contains(Workload.SCALING)) {
      once += systems;
    }
    if (workloads.contains(Workload.RECOVERY)) {
      once += systems;
    }
    return plan.profiles().size() * (once + perRep * plan.repetitions());
  }

  void run() throws Exception {
    for (Durability profile : plan.profiles()) {
      List<BenchSystem> systems = startAll(profile);
      // Ctrl-C stops the servers too (closing twice is harmless).
      Thread stopOnExit =
          new Thread(() -> systems.forEach(BenchSystem::close), "bench-stop-systems");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        runProfile(profile, systems);
      } finally {
        for (BenchSystem s : systems) {
          s.close();
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      }
    }
  }

  private List<BenchSystem> startAll(Durability profile) throws Exception {
    progress.begin(profile.id() + ": starting " + String.join(", ", systemNames));
    List<BenchSystem> systems = new ArrayList<>();
    for (String name : systemNames) {
      systems.add(registry.create(name, profile, plan));
    }
    // Side by side: Kafka alone takes about ten seconds to start.
    List<Future<Double>> started = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(systems.size())) {
      for (BenchSystem s : systems) {
        Path dir = Files.createDirectories(workRoot.resolve(profile.id()).resolve(s.name()));
        started.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  s.start(dir);
                  return (System.nanoTime() - t0) / 1e9;
                }));
      }
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < systems.size(); i++) {
      try {
        double seconds = started.get(i).get();
        BenchSystem s = systems.get(i);
        infos.add(new SystemInfo(s.name(), profile.id(), s.version(), s.durability(), seconds));
        progress.log(
            String.format(
                Locale.ROOT,
                "  %s started in %.1f s: %s; durability: %s",
                s.name(),
                seconds,
                s.version(),
                s.durability()));
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(systems.get(i).name() + ": " + e.getCause().getMessage());
      }
    }
    if (!failures.isEmpty()) {
      systems.forEach(BenchSystem::close);
      throw new IllegalStateException(
          "could not start every system:\n  " + String.join("\n  ", failures));
    }
    stepDone();
    return systems;
  }

  private void runProfile(Durability profile, List<BenchSystem> systems) throws Exception {
    String d = profile.id();
    for (BenchSystem s : systems) {
      progress.begin(d + ": warming up " + s.name());
      warmUp(s);
      stepDone();
    }
    for (BenchSystem s : systems) {
      for (int size : plan.valueBytes()) {
        s.createTopic(topic("produce", size));
        s.createTopic(topic("batch", size));
      }
    }
    if (workloads.contains(Workload.CONSUME)) {
      for (int size : plan.valueBytes()) {
        for (BenchSystem s : systems) {
          long n = backlog(s);
          progress.begin(d + ": filling the " + size + " B backlog of " + s.name() + ": " + n);
          s.createTopic(topic("backlog", size));
          Filler.fill(s, topic("backlog", size), 0, n, size);
          if (n < plan.backlogRecords()) {
            notes.add(
                String.format(
                    Locale.ROOT,
                    "%s: the backlog is %,d records, not %,d (one request per record)",
                    s.name(),
                    n,
                    plan.backlogRecords()));
          }
          stepDone();
        }
      }
    }
    for (int rep = 1; rep <= plan.repetitions(); rep++) {
      // Alternate the order, so that no system always meets the machine after the same one.
      List<BenchSystem> order = new ArrayList<>(systems);
      if (rep % 2 == 0) {
        Collections.reverse(order);
      }
      repetition(profile, order, rep);
    }
    if (workloads.contains(Workload.SCALING)) {
      for (BenchSystem s : systems) {
        point(profile.id(), "scaling", s, () -> scaling(profile, s));
      }
    }
    if (workloads.contains(Workload.RECOVERY)) {
      for (BenchSystem s : systems) {
        point(profile.id(), "recovery", s, () -> recovery(profile, s));
      }
    }
  }

  private long backlog(BenchSystem s) {
    return Math.min(plan.backlogRecords(), s.fillLimit());
  }

  private static String topic(String workload, int size) {
    return workload + "-" + size;
  }

  private void warmUp(BenchSystem s) throws Exception {
    Duration w = plan.systemWarmup();
    s.createTopic("warmup");
    s.createTopic("warmup-batch");
    var unused = SingleProduce.run(s, "warmup", 100, 16, Duration.ZERO, w);
    var unused2 = BatchedProduce.run(s, "warmup-batch", 100, Duration.ZERO, w);
    if (plan.quick()) {
      return; // Quick figures are not reported anywhere; the read path warms up in workload 3.
    }
    long n = Math.min(100_000, s.fillLimit());
    s.createTopic("warmup-read");
    Filler.fill(s, "warmup-read", 0, n, 100);
    try (BenchSystem.BacklogReader reader = s.backlogReader("warmup-read")) {
      var unused3 = reader.read(n, Duration.ofSeconds(30));
    }
  }

  private void repetition(Durability profile, List<BenchSystem> order, int rep) throws Exception {
    String d = profile.id();
    if (workloads.contains(Workload.PRODUCE)) {
      for (int size : plan.valueBytes()) {
        for (int clients : plan.clients()) {
          String scenario = size + " B, " + clients + (clients == 1 ? " client" : " clients");
          for (BenchSystem s : order) {
            point(
                d + " rep " + rep,
                "produce " + scenario,
                s,
                () -> {
                  SingleProduce.Result r =
                      SingleProduce.run(
                          s,
                          topic("produce", size),
                          size,
                          clients,
                          plan.pointWarmup(),
                          plan.pointDuration());
                  add(
                      Workload.PRODUCE,
                      d,
                      scenario,
                      Metric.RECORDS_PER_S,
                      s.name(),
                      rep,
                      r.recordsPerSecond());
                  addLatencies(Workload.PRODUCE, d, scenario, s.name(), rep, r.latency());
                });
          }
        }
      }
    }
    if (workloads.contains(Workload.BATCH)) {
      for (int size : plan.valueBytes()) {
        String scenario = size + " B";
        for (BenchSystem s : order) {
          point(
              d + " rep " + rep,
              "batched produce " + scenario,
              s,
              () -> {
                Optional<Double> rate =
                    BatchedProduce.run(
                        s, topic("batch", size), size, plan.pointWarmup(), plan.pointDuration());
                if (rate.isPresent()) {
                  addRate(d, scenario, s.name(), rep, rate.get(), size);
                } else if (rep == 1) {
                  notes.add(s.name() + ": no batched producer (batched produce: n/a)");
                }
              });
        }
        progress.begin(d + " rep " + rep + ": batched produce " + scenario + ", native tools");
        for (BenchSystem s : order) {
          if (s.nativeTools().isPresent()) {
            attempt(
                "batched produce " + scenario + " by its own tool",
                s,
                () -> {
                  BenchSystem.NativeTools tools = s.nativeTools().get();
                  String t = "tool-" + size + "-r" + rep;
                  s.createTopic(t);
                  double rate = tools.produce(t, plan.toolRecords(), size);
                  addRate(d, scenario, tools.producerLabel(), rep, rate, size);
                });
          }
        }
        stepDone();
      }
    }
    if (workloads.contains(Workload.CONSUME)) {
      for (int size : plan.valueBytes()) {
        String scenario = size + " B backlog";
        for (BenchSystem s : order) {
          point(
              d + " rep " + rep,
              "consume " + scenario,
              s,
              () -> {
                long n = backlog(s);
                try (BenchSystem.BacklogReader reader = s.backlogReader(topic("backlog", size))) {
                  long t0 = System.nanoTime();
                  long read = reader.read(n, Duration.ofSeconds(30));
                  double rate = read / ((System.nanoTime() - t0) / 1e9);
                  add(Workload.CONSUME, d, scenario, Metric.RECORDS_PER_S, s.name(), rep, rate);
                }
              });
        }
        progress.begin(d + " rep " + rep + ": consume " + scenario + ", native tools");
        for (BenchSystem s : order) {
          if (s.nativeTools().isPresent()) {
            attempt(
                "consume " + scenario + " by its own tool",
                s,
                () -> {
                  BenchSystem.NativeTools tools = s.nativeTools().get();
                  double rate = tools.consume(topic("backlog", size), backlog(s));
                  add(
                      Workload.CONSUME,
                      d,
                      scenario,
                      Metric.RECORDS_PER_S,
                      tools.consumerLabel(),
                      rep,
                      rate);
                });
          }
        }
        stepDone();
      }
    }
    if (workloads.contains(Workload.E2E)) {
      for (int size : plan.valueBytes()) {
        for (int rate : plan.e2eRates()) {
          String scenario = String.format(Locale.ROOT, "%d B at %,d/s", size, rate);
          for (BenchSystem s : order) {
            point(
                d + " rep " + rep,
                "end-to-end " + scenario,
                s,
                () -> {
                  String t = "e2e-" + size + "-" + rate + "-r" + rep;
                  s.createTopic(t);
                  EndToEndLatency.Result r =
                      EndToEndLatency.run(s, t, rate, size, plan.e2eDuration(), plan.e2eDrain());
                  addLatencies(Workload.E2E, d, scenario, s.name(), rep, r.latency());
                  add(
                      Workload.E2E,
                      d,
                      scenario,
                      Metric.DELIVERED_PERCENT,
                      s.name(),
                      rep,
                      r.deliveredPercent());
                });
          }
        }
      }
    }
  }

  private void scaling(Durability profile, BenchSystem s) throws Exception {
    String d = profile.id();
    boolean[] fetched = {false};
    Scaling.run(
        s,
        "scaling",
        plan.scalingCheckpoints(),
        plan.scalingProbes(),
        p -> {
          String at = String.format(Locale.ROOT, "at %,d records", p.records());
          add(
              Workload.SCALING,
              d,
              "produce " + at,
              Metric.P50_MS,
              s.name(),
              1,
              Latency.ms(p.produce(), 50));
          add(
              Workload.SCALING,
              d,
              "produce " + at,
              Metric.P99_MS,
              s.name(),
              1,
              Latency.ms(p.produce(), 99));
          p.fetch()
              .ifPresent(
                  f -> {
                    fetched[0] = true;
                    add(
                        Workload.SCALING,
                        d,
                        "fetch " + at,
                        Metric.P50_MS,
                        s.name(),
                        1,
                        Latency.ms(f, 50));
                    add(
                        Workload.SCALING,
                        d,
                        "fetch " + at,
                        Metric.P99_MS,
                        s.name(),
                        1,
                        Latency.ms(f, 99));
                  });
          add(Workload.SCALING, d, "broker " + at, Metric.RSS_MIB, s.name(), 1, p.rssMib());
          progress.log(
              String.format(Locale.ROOT, "  %s %s: RSS %.0f MiB", s.name(), at, p.rssMib()));
        });
    long last = plan.scalingCheckpoints().getLast();
    if (s.fillLimit() < last) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: scaling stops at %,d records (its fill limit)",
              s.name(),
              s.fillLimit()));
    }
    if (!fetched[0]) {
      notes.add(s.name() + ": no read at an offset (scaling fetch: n/a)");
    }
  }

  /**
   * Workload 6 on a fresh instance of {@code s}: the profile's instance is stopped first (its
   * memory and the disk it writes are out of the way), so the restart recovers the workload's data
   * only, as the workload says, not every workload's before it.
   */
  private void recovery(Durability profile, BenchSystem s) throws Exception {
    if (!s.keepsData()) {
      notes.add(s.name() + ": keeps nothing across a restart (recovery: n/a)");
      return;
    }
    s.close();
    try (BenchSystem fresh = registry.create(s.name(), profile, plan)) {
      fresh.start(
          Files.createDirectories(workRoot.resolve(profile.id()).resolve(s.name() + "-recovery")));
      Duration t = Recovery.run(fresh, "recovery", plan.recoveryBytes());
      String scenario = (plan.recoveryBytes() >> 20) + " MiB, restart after SIGKILL";
      add(
          Workload.RECOVERY,
          profile.id(),
          scenario,
          Metric.SECONDS,
          s.name(),
          1,
          t.toNanos() / 1e9);
      progress.log(
          String.format(
              Locale.ROOT, "  %s served %.2f s after restart", s.name(), t.toNanos() / 1e9));
    }
  }

  /** One system's part of a workload, which may fail without ending the run. */
  @FunctionalInterface
  private interface Point {
    void run() throws Exception;
  }

  /** Ends a progress step and saves the figures so far; a failed save is logged, not fatal. */
  private void stepDone() {
    progress.done();
    try {
      checkpoint.save(this);
    } catch (IOException | RuntimeException e) {
      progress.log("  could not save the figures so far: " + e);
    }
  }

  /**
   * Runs {@code body} as the progress step "{@code stage}: {@code what}, system"; see {@link
   * #attempt}.
   */
  private void point(String stage, String what, BenchSystem s, Point body)
      throws InterruptedException {
    progress.begin(stage + ": " + what + ", " + s.name());
    try {
      attempt(what, s, body);
    } finally {
      stepDone();
    }
  }

  /**
   * Runs {@code body}; when it fails, the failure becomes a note and the figures it did not give
   * are n/a, and the run goes on: one peer's error must not discard hours of everyone's figures.
   * Only an interrupt (Ctrl-C) ends the run.
   */
  private void attempt(String what, BenchSystem s, Point body) throws InterruptedException {
    try {
      body.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      notes.add(s.name() + ": " + what + " failed, so its figures are n/a: " + why);
      progress.log("  " + s.name() + ": " + what + " failed: " + why);
    }
  }

  /** The p50, p99 and p99.9 of {@code latency}, in milliseconds. */
  private void addLatencies(
      Workload w, String durability, String scenario, String system, int rep, Histogram latency) {
    add(w, durability, scenario, Metric.P50_MS, system, rep, Latency.ms(latency, 50));
    add(w, durability, scenario, Metric.P99_MS, system, rep, Latency.ms(latency, 99));
    add(w, durability, scenario, Metric.P999_MS, system, rep, Latency.ms(latency, 99.9));
  }

  /** A batched produce rate, in records/s and in MB/s of {@code size}-byte values. */
  private void addRate(
      String durability, String scenario, String system, int rep, double rate, int size) {
    add(Workload.BATCH, durability, scenario, Metric.RECORDS_PER_S, system, rep, rate);
    add(Workload.BATCH, durability, scenario, Metric.MB_PER_S, system, rep, rate * size / 1e6);
  }

  private void add(
      Workload w, String durability, String scenario, Metric m, String system, int rep, double v) {
    samples.add(new Sample(w.id(), durability, scenario, m, system, rep, v));
  }
}
