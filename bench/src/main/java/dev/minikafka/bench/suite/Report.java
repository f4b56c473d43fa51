package dev.minikafka.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison as text: the terminal table and the Markdown section of {@code docs/benchmarks.md}
 * (between {@value #BEGIN} and {@value #END}; the rest of the file is left as it is). Stateless.
 */
final class Report {
  static final String BEGIN = "<!-- comparison:begin -->";
  static final String END = "<!-- comparison:end -->";

  static final String RATIO_NOTE =
      "minikafka ÷ this: minikafka's median over this row's, same run and durability profile;"
          + " above 1 favours minikafka for records/s, MB/s and delivered %, below 1 for latency,"
          + " memory and seconds.";

  private Report() {}

  /** The durability setting of {@code system} (a system or one of its tools) in a profile. */
  static String setting(List<SystemInfo> infos, String system, String durability) {
    String base = system.contains(" (") ? system.substring(0, system.indexOf(" (")) : system;
    for (SystemInfo i : infos) {
      if (i.name().equals(base) && i.durability().equals(durability)) {
        String s = i.durabilitySetting();
        return s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
      }
    }
    return "?";
  }

  /** One table per workload, with its rows. */
  static TextTable table(Workload w, List<Row> rows, List<SystemInfo> infos) {
    TextTable t =
        new TextTable(
            "durability",
            "scenario",
            "metric",
            "system",
            "setting",
            "median>",
            "min–max>",
            "minikafka ÷ this>");
    for (Row r : rows) {
      if (!r.key().workload().equals(w.id())) {
        continue;
      }
      t.add(
          r.key().durability(),
          r.key().scenario(),
          r.key().metric().label(),
          r.system(),
          setting(infos, r.system(), r.key().durability()),
          Fmt.number(r.spread().median()),
          Fmt.range(r.spread()),
          Fmt.ratio(r.minikafkaRatio()));
    }
    return t;
  }

  /** What the terminal shows at the end of a run. */
  static String terminal(List<Row> rows, List<SystemInfo> infos, List<String> notes) {
    StringBuilder b = new StringBuilder();
    for (Workload w : Workload.values()) {
      TextTable t = table(w, rows, infos);
      if (!t.isEmpty()) {
        b.append('\n').append(w.title()).append('\n').append(t.plain());
      }
    }
    b.append('\n').append(RATIO_NOTE).append('\n');
    for (String n : notes) {
      b.append("note: ").append(n).append('\n');
    }
    return b.toString();
  }

  /**
   * The Markdown section.
   *
   * @param header when, how long, where the raw results are
   * @param charts chart files relative to the docs file, with their captions
   */
  static String markdown(
      String header,
      List<Row> rows,
      List<SystemInfo> infos,
      Map<String, String> machine,
      Map<String, Object> settings,
      List<String> notes,
      Map<String, String> charts) {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append("\n\n");
    b.append("## Side by side: minikafka and the brokers users would pick instead (issue 5)\n\n");
    b.append(header).append("\n\n");
    b.append(
        "Every system runs on this machine in the same run, started by the harness on free"
            + " loopback ports with its documented defaults plus the durability setting of the"
            + " profile: *strict* (an acknowledged write is on disk) and *relaxed* (the disk is"
            + " written in the background). The load generators run in the harness's JVM on the"
            + " same 2 cores as the broker under test, so every figure includes the client's cost"
            + " and the absolute numbers are those of a small shared machine; read the ratios.\n\n");
    b.append("### Systems\n\n");
    TextTable s = new TextTable("system", "profile", "version", "durability", "start s>");
    for (SystemInfo i : infos) {
      s.add(
          i.name(),
          i.durability(),
          i.version(),
          i.durabilitySetting(),
          String.format(Locale.ROOT, "%.1f", i.startSeconds()));
    }
    b.append(s.markdown()).append('\n');
    b.append(
        "Clients: minikafka single messages through the classroom `POST /produce` (one keep-alive"
            + " HTTP/1.1 client), batches, backlogs and subscriptions through its Java SDK"
            + " (`Producer` with its defaults: linger.ms 5, batch.size 16384, idempotence;"
            + " `Consumer` in a group; `PartitionReader` for reads at an offset). Kafka through"
            + " kafka-clients with its defaults (acks=all, idempotence; linger.ms 0 for single"
            + " messages and end-to-end), and through its own `ProducerPerformance` and"
            + " `ConsumerPerformance`, whose rows are labelled as such. Redis through Jedis: one"
            + " `XADD` per message, pipelines of 1,000 `XADD`s for batches, consumer groups"
            + " (`XREADGROUP`, `XACK`) for reading, `XRANGE id id` at an offset. NATS JetStream"
            + " through its official Java client: synchronous publishes, asynchronous publishes with"
            + " 1,000 acks outstanding for batches, durable pull consumers for reading, message-get"
            + " by sequence at an offset. The classroom broker through its HTTP API, one message per"
            + " request. Where a client has no asynchronous send (Redis, NATS, the classroom"
            + " broker), the end-to-end sender hands records to 16 single-message clients.\n\n");
    for (Workload w : Workload.values()) {
      TextTable t = table(w, rows, infos);
      if (!t.isEmpty()) {
        b.append("### ").append(w.title()).append("\n\n").append(t.markdown()).append('\n');
      }
    }
    b.append(RATIO_NOTE).append("\n\n");
    if (!charts.isEmpty()) {
      b.append("### Charts\n\n");
      charts.forEach(
          (file, caption) ->
              b.append("![").append(caption).append("](").append(file).append(")\n\n"));
    }
    if (!notes.isEmpty()) {
      b.append("### Notes\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
      b.append('\n');
    }
    b.append("### Machine\n\n");
    machine.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append("\n### Settings\n\n");
    settings.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append(
        """

        ### Method

        - All the systems of a profile run at once, each on its own ports and directory; the \
        idle ones hold their memory and use a little CPU while another is measured.
        - Warm-up before measuring: each system first serves single-message and batched produce \
        and a backlog read for the warm-up time (the JIT of the broker and of the harness's \
        clients included), and each produce point starts with an unmeasured stretch.
        - Workloads 1–4 run the stated number of repetitions, the systems taking turns in an \
        order that reverses every repetition; cells are the median and the range. Workloads 5 and \
        6 run once.
        - 1: each client thread connects with one untimed request, then sends one record and \
        waits for the answer, again and again; the requests answered in the measured period count, \
        with their whole latency (HdrHistogram).
        - 2: one thread sends through the system's batching producer as fast as it takes records; \
        the rate runs from the first send to the last acknowledgement.
        - 3: a new reader reads the backlog from the beginning (group join included for \
        minikafka's `Consumer`, a plain assignment for the harness's Kafka consumer).
        - 4: records are due at a fixed rate; latency runs from the moment a record was due to \
        the moment the subscriber saw it, so a slow send counts against the records behind it; \
        *delivered %* is the share seen before the drain time ran out.
        - 5: the partition is filled up to each size; at each, single-message produces (one \
        client) and single-record reads at random offsets are timed, and the broker's RSS read \
        from /proc.
        - 6: about the stated data of 1 KiB records, then SIGKILL; the figure is the time from \
        launching the broker again to its first acknowledged produce.

        ### Caveats

        - Two shared cores: the broker under test, the harness's load generators, the idle \
        peers and whatever else runs on the machine share them (see the load average above). \
        The absolute figures move by tens of percent between runs; compare within a run.
        - Durability is matched only as far as each peer allows: the durability column says \
        what each one did. Debian's nats-server 2.9 has no `sync_interval` setting, so in the \
        strict profile NATS still fsyncs only every two minutes; its strict figures are not like \
        for like. The classroom broker keeps nothing on disk in either profile.
        - fsync on a shared virtual disk: the strict rows measure the host's flush latency at \
        that minute as much as the brokers.
        - Redis has no offsets: its reads at an offset use the entry ids the harness kept while \
        filling the stream (`XRANGE id id`).

        """);
    b.append(END).append('\n');
    return b.toString();
  }

  /** Replaces the comparison section of {@code file}, or appends it when there is none. */
  static void replaceSection(Path file, String section) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Files.writeString(file, withSection(text, section), StandardCharsets.UTF_8);
  }

  /** {@code text} with its comparison section replaced by {@code section} (or appended). */
  static String withSection(String text, String section) {
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    if (from >= 0 && to > from) {
      return text.substring(0, from) + section.strip() + text.substring(to + END.length());
    }
    return text + (text.isEmpty() || text.endsWith("\n") ? "\n" : "\n\n") + section;
  }
}
