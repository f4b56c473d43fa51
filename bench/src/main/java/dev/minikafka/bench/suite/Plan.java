package dev.minikafka.bench.suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every size and duration of a run: the full matrix, or the reduced one of quick mode (about a
 * minute and a half, so that CI can run it).
 *
 * @param quick whether this is the reduced matrix
 * @param repetitions measured repetitions of workloads 1–4
 * @param profiles durability profiles to run
 * @param valueBytes value sizes
 * @param clients concurrent clients of workload 1
 * @param systemWarmup per system, before any measurement: single-message and batched produce and a
 *     backlog read, each this long or this much
 * @param pointWarmup unmeasured time at the start of each workload 1 and 2 point
 * @param pointDuration measured time of each workload 1 and 2 point
 * @param backlogRecords records in the backlog of workload 3
 * @param classroomFillLimit most records in a topic filled through the classroom broker
 * @param e2eRates records/s of workload 4
 * @param e2eDuration how long each workload 4 point sends
 * @param e2eDrain how long to wait for the last records of a workload 4 point
 * @param scalingCheckpoints partition sizes of workload 5
 * @param scalingProbes timed produces and reads per checkpoint
 * @param recoveryBytes data written before the SIGKILL of workload 6
 * @param toolRecords records Kafka's ProducerPerformance sends per value size
 */
public record Plan(
    boolean quick,
    int repetitions,
    List<Durability> profiles,
    List<Integer> valueBytes,
    List<Integer> clients,
    Duration systemWarmup,
    Duration pointWarmup,
    Duration pointDuration,
    long backlogRecords,
    long classroomFillLimit,
    List<Integer> e2eRates,
    Duration e2eDuration,
    Duration e2eDrain,
    List<Long> scalingCheckpoints,
    int scalingProbes,
    long recoveryBytes,
    long toolRecords) {
  /** The key of {@link #describe()} that lists the durability profiles run. */
  static final String PROFILES_SETTING = "durability profiles";

  /** The full matrix with {@code repetitions} repetitions. */
  public static Plan full(int repetitions, List<Durability> profiles) {
    return new Plan(
        false,
        repetitions,
        profiles,
        List.of(100, 1024),
        List.of(1, 16, 64),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        1_000_000,
        100_000,
        List.of(1_000, 10_000),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        List.of(1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L),
        500,
        1L << 30,
        1_000_000);
  }

  /** The reduced matrix: strict durability, 100-byte values, short points, small data. */
  public static Plan quick(int repetitions, List<Durability> profiles) {
    return new Plan(
        true,
        repetitions,
        profiles,
        List.of(100),
        List.of(1, 16, 64),
        Duration.ofMillis(500),
        Duration.ofMillis(200),
        Duration.ofMillis(500),
        20_000,
        5_000,
        List.of(1_000, 10_000),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        List.of(1_000L, 10_000L),
        50,
        4L << 20,
        10_000);
  }

  /** The settings as the report and the results file list them. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", quick ? "quick" : "full");
    m.put("repetitions", repetitions);
    m.put(PROFILES_SETTING, profiles.stream().map(Durability::id).toList());
    m.put("value bytes", valueBytes);
    m.put("single-message produce clients", clients);
    m.put("warm-up per system", systemWarmup.toMillis() + " ms of each workload");
    m.put("warm-up per point", pointWarmup.toMillis() + " ms");
    m.put("measured per point", pointDuration.toMillis() + " ms");
    m.put("backlog records", backlogRecords);
    m.put("classroom broker fill limit (records)", classroomFillLimit);
    m.put("end-to-end rates (records/s)", e2eRates);
    m.put("end-to-end send time", e2eDuration.toMillis() + " ms");
    m.put("end-to-end drain time", e2eDrain.toMillis() + " ms");
    m.put("scaling checkpoints (records)", scalingCheckpoints);
    m.put("scaling probes per checkpoint", scalingProbes);
    m.put("recovery data", (recoveryBytes >> 20) + " MiB of 1 KiB records");
    m.put("Kafka ProducerPerformance records", toolRecords);
    return m;
  }
}
