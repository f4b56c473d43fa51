package dev.minikafka.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Full runs of different durability profiles taken as one report: a full run of both profiles takes
 * longer than one sitting, so each profile may be measured on its own and the report made from
 * their results files. Samples, systems and notes are put together in the runs' order; a setting or
 * machine fact on which the runs differ shows each run's value with its profiles. Immutable.
 *
 * @param runs the runs, in order
 * @param samples every run's samples
 * @param systems every run's systems
 * @param notes every run's notes, each once
 * @param machine the machine, as the runs described it
 * @param settings the runs' settings
 */
record MergedRuns(
    List<ResultsFile.Contents> runs,
    List<Sample> samples,
    List<SystemInfo> systems,
    List<String> notes,
    Map<String, String> machine,
    Map<String, Object> settings) {

  /**
   * Merges {@code runs}.
   *
   * @throws IllegalArgumentException if a run is not a full run of every system and workload, or
   *     two runs measured the same profile
   */
  static MergedRuns of(List<ResultsFile.Contents> runs, List<String> systemNames) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no results to report");
    }
    List<Sample> samples = new ArrayList<>();
    List<SystemInfo> systems = new ArrayList<>();
    Set<String> notes = new LinkedHashSet<>();
    Set<String> profiles = new LinkedHashSet<>();
    for (ResultsFile.Contents run : runs) {
      requireFull(run, systemNames);
      for (String profile : profilesOf(run)) {
        if (!profiles.add(profile)) {
          throw new IllegalArgumentException(
              "two runs measured the " + profile + " profile; give one run per profile");
        }
      }
      samples.addAll(run.samples());
      systems.addAll(run.systems());
      notes.addAll(run.notes());
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : combine(runs, ResultsFile.Contents::settings).entrySet()) {
      settings.put(e.getKey(), e.getValue());
    }
    settings.put(Plan.PROFILES_SETTING, List.copyOf(profiles));
    Map<String, String> machine = new LinkedHashMap<>();
    combine(runs, ResultsFile.Contents::machine)
        .forEach((key, value) -> machine.put(key, String.valueOf(value)));
    return new MergedRuns(
        List.copyOf(runs),
        List.copyOf(samples),
        List.copyOf(systems),
        List.copyOf(notes),
        machine,
        settings);
  }

  /** The profiles a run measured, as its settings name them. */
  static List<String> profilesOf(ResultsFile.Contents run) {
    Object listed = run.settings().get(Plan.PROFILES_SETTING);
    List<String> out = new ArrayList<>();
    if (listed instanceof List<?> list) {
      list.forEach(p -> out.add(String.valueOf(p)));
    }
    return out;
  }

  private static void requireFull(ResultsFile.Contents run, List<String> systemNames) {
    String what = "the run of " + run.started();
    if (!"full".equals(run.settings().get("mode"))) {
      throw new IllegalArgumentException(what + " was not a full run");
    }
    Set<String> systems = new LinkedHashSet<>();
    Set<String> workloads = new LinkedHashSet<>();
    for (Sample s : run.samples()) {
      systems.add(s.system());
      workloads.add(s.workload());
    }
    for (String name : systemNames) {
      if (!systems.contains(name)) {
        throw new IllegalArgumentException(what + " did not measure " + name);
      }
    }
    for (Workload w : Workload.values()) {
      if (!workloads.contains(w.id())) {
        throw new IllegalArgumentException(what + " did not run the " + w.id() + " workload");
      }
    }
  }

  /**
   * The entries of every run's map, in first appearance: one value where the runs agree (or only
   * one has the key), else each run's value followed by its profiles.
   */
  private static Map<String, Object> combine(
      List<ResultsFile.Contents> runs, Function<ResultsFile.Contents, Map<String, ?>> part) {
    Set<String> keys = new LinkedHashSet<>();
    for (ResultsFile.Contents run : runs) {
      keys.addAll(part.apply(run).keySet());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : keys) {
      List<String> each = new ArrayList<>();
      Set<Object> distinct = new LinkedHashSet<>();
      for (ResultsFile.Contents run : runs) {
        Object v = part.apply(run).get(key);
        if (v != null) {
          distinct.add(v);
          each.add(v + " (" + String.join(", ", profilesOf(run)) + ")");
        }
      }
      out.put(key, distinct.size() == 1 ? distinct.iterator().next() : String.join("; ", each));
    }
    return out;
  }
}
