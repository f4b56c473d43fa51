package dev.minikafka.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.minikafka.storage.record.BatchInfo;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends under {@code flush=always} (see {@link CrashAppender}) at random
 * moments, and after each kill checks that the recovered log holds every acknowledged record at its
 * acknowledged offset, dense offsets, whole batches only, and everything earlier recoveries showed.
 *
 * <p>The seed is printed; rerun one with {@code -Dminikafka.crash.seed=<seed>}.
 */
class CrashRecoveryTest {
  private static final int THREADS = 3;
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(45);

  @TempDir Path tmp;

  /** One acknowledged append. */
  private record Ack(int child, long baseOffset, long lastOffset, long firstSeq) {}

  /** What one child run printed. */
  private static final class ChildOutput {
    final List<Ack> acks = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    long readyLogEnd = -1;
  }

  @Test
  void acknowledgedRecordsSurviveSigkillAtRandomMoments() throws Exception {
    long seed = Long.getLong("minikafka.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int plannedKills = 15 + random.nextInt(11);
    Path dir = tmp.resolve("crash-0");
    long started = System.nanoTime();

    List<Ack> allAcks = new ArrayList<>();
    long[] recovered = new long[0];
    int kills = 0;
    int killsBeforeReady = 0;
    int maxSegments = 0;
    while (kills < plannedKills) {
      if (kills >= 15 && System.nanoTime() - started > BUDGET_NANOS) {
        break;
      }
      int child = kills;
      boolean fromSpawn = random.nextInt(5) == 0;
      int delayMs = 50 + random.nextInt(551);
      String context = "seed=" + seed + ", child " + child;

      Path stderr = tmp.resolve("child-" + child + ".err");
      Path stdout = tmp.resolve("child-" + child + ".out");
      Process process =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElseThrow(),
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashAppender.class.getName(),
                  dir.toString(),
                  Integer.toString(child),
                  Integer.toString(THREADS))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      try {
        if (!fromSpawn && !awaitReady(stdout, process, 30_000)) {
          fail("%s did not open its log in 30 s; stderr: %s", context, tail(stderr));
        }
        Thread.sleep(delayMs);
        if (!process.isAlive()) {
          fail(
              "%s exited on its own with %d; output: %s; stderr: %s",
              context, process.exitValue(), tail(stdout), tail(stderr));
        }
      } finally {
        process.destroyForcibly();
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(context).isTrue();
      ChildOutput output = parseOutput(stdout, child);
      assertThat(process.exitValue())
          .as("%s: exit status after SIGKILL; stderr: %s", context, tail(stderr))
          .isEqualTo(137);
      assertThat(output.unexpected).as("%s: unexpected output", context).isEmpty();
      kills++;
      if (output.readyLogEnd < 0) {
        killsBeforeReady++;
      } else {
        assertThat(output.readyLogEnd)
            .as("%s: log end the child found", context)
            .isEqualTo(recovered.length);
      }
      allAcks.addAll(output.acks);

      try (PartitionLog log =
          PartitionLog.open(
              dir, CrashAppender.TP, CrashAppender.config(), LogOptions.defaults(), false)) {
        long[] values = checkLog(log, context, random);
        assertThat(values.length)
            .as("%s: recovered log must keep everything earlier recoveries showed", context)
            .isGreaterThanOrEqualTo(recovered.length);
        for (int i = 0; i < recovered.length; i++) {
          if (values[i] != recovered[i]) {
            fail(
                "%s: offset %d held %s after an earlier recovery, now %s",
                context, i, describe(recovered[i]), describe(values[i]));
          }
        }
        for (Ack ack : allAcks) {
          for (long o = ack.baseOffset(); o <= ack.lastOffset(); o++) {
            long expected = pack(ack.child(), ack.firstSeq() + o - ack.baseOffset());
            if (o >= values.length) {
              fail(
                  "%s: acknowledged offset %d (%s) is gone; log ends at %d",
                  context, o, describe(expected), values.length);
            }
            if (values[(int) o] != expected) {
              fail(
                  "%s: acknowledged offset %d should hold %s but holds %s",
                  context, o, describe(expected), describe(values[(int) o]));
            }
          }
        }
        recovered = values;
        maxSegments = Math.max(maxSegments, log.segmentCount());
      }
    }

    long acked = allAcks.stream().mapToLong(a -> a.lastOffset() - a.baseOffset() + 1).sum();
    System.out.printf(
        "CrashRecoveryTest: seed=%d kills=%d (%d before the log opened) acked records=%d"
            + " recovered records=%d segments=%d in %d ms%n",
        seed,
        kills,
        killsBeforeReady,
        acked,
        recovered.length,
        maxSegments,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(kills).isGreaterThanOrEqualTo(15);
    assertThat(acked).as("seed=%d: the children acknowledged appends", seed).isPositive();
    assertThat(maxSegments).as("seed=%d: the log rolled", seed).isGreaterThan(1);
  }

  /**
   * Checks the recovered log's shape and returns every record's (child, sequence number) by offset,
   * packed by {@link #pack}: offsets dense from 0, every batch whole and decodable, each batch one
   * append of consecutive sequence numbers of one child, no record twice, lookups by offset
   * correct.
   */
  private static long[] checkLog(PartitionLog log, String context, Random random) {
    assertThat(log.logStartOffset()).as(context).isZero();
    assertThat(log.highWatermark()).as("%s: high watermark", context).isEqualTo(log.logEndOffset());
    assertThat(log.verify()).as("%s: verify()", context).isEmpty();
    long end = log.logEndOffset();
    long[] values = new long[Math.toIntExact(end)];
    Map<Integer, BitSet> seen = new HashMap<>();
    int next = 0;
    while (next < end) {
      FetchedRecords fetched = log.read(next, 1 << 20).records();
      List<BatchInfo> batches = fetched.batches();
      List<LogRecord> records = fetched.records();
      assertThat(batches).as("%s: read at %d", context, next).isNotEmpty();
      int r = 0;
      for (BatchInfo b : batches) {
        assertThat(b.baseOffset())
            .as("%s: batch after offset %d", context, next - 1)
            .isEqualTo(next);
        long first = parse(new String(records.get(r).value(), UTF_8), context);
        for (long o = b.baseOffset(); o <= b.lastOffset(); o++, r++) {
          LogRecord record = records.get(r);
          long expected = first + (o - b.baseOffset());
          String value = new String(record.value(), UTF_8);
          if (record.offset() != o
              || !value.equals(CrashAppender.value(child(expected), seq(expected)))) {
            fail(
                "%s: record %d of the batch at %d is %s at offset %d; one append of consecutive"
                    + " seqs would have %s there",
                context, o - b.baseOffset(), next, value, record.offset(), describe(expected));
          }
          BitSet seqs = seen.computeIfAbsent(child(expected), c -> new BitSet());
          if (seqs.get((int) seq(expected))) {
            fail("%s: %s appears twice, again at offset %d", context, describe(expected), o);
          }
          seqs.set((int) seq(expected));
          values[(int) o] = expected;
        }
        next = Math.toIntExact(b.lastOffset() + 1);
      }
      assertThat(r)
          .as("%s: records decoded vs offsets of the batches", context)
          .isEqualTo(records.size());
    }
    for (int i = 0; i < 100 && end > 0; i++) {
      long o = (long) (random.nextDouble() * end);
      FetchedRecords fetched = log.read(o, 1).records();
      BatchInfo b = fetched.batches().get(0);
      assertThat(o)
          .as("%s: lookup of offset %d found %s", context, o, b)
          .isBetween(b.baseOffset(), b.lastOffset());
      assertThat(fetched.records(o).get(0).offset()).as(context).isEqualTo(o);
    }
    return values;
  }

  private static long pack(int child, long seq) {
    return ((long) child << 40) | seq;
  }

  private static int child(long packed) {
    return (int) (packed >>> 40);
  }

  private static long seq(long packed) {
    return packed & ((1L << 40) - 1);
  }

  /** The (child, seq) of a value {@code c<child>-s<seq>-<padding>}. */
  private static long parse(String value, String context) {
    int s = value.indexOf("-s");
    int dash = s < 0 ? -1 : value.indexOf('-', s + 2);
    if (!value.startsWith("c") || s < 0 || dash < 0) {
      fail("%s: value %s was never written", context, value);
    }
    return pack(
        Integer.parseInt(value.substring(1, s)), Long.parseLong(value.substring(s + 2, dash)));
  }

  private static String describe(long packed) {
    return "c" + child(packed) + "-s" + seq(packed);
  }

  /** Parses what a child printed; a last line cut short by the kill is skipped. */
  private static ChildOutput parseOutput(Path file, int child) throws IOException {
    ChildOutput output = new ChildOutput();
    for (String line : Files.readAllLines(file, UTF_8)) {
      String[] f = line.split(" ", -1);
      if (f.length == 5 && f[0].equals("ACK") && f[4].equals(".")) {
        output.acks.add(
            new Ack(child, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
      } else if (f.length == 3 && f[0].equals("READY") && f[2].equals(".")) {
        output.readyLogEnd = Long.parseLong(f[1]);
      } else if (line.endsWith(" .") || line.startsWith("ERR")) {
        output.unexpected.add(line);
      }
    }
    return output;
  }

  /** Waits until the child printed READY; false when it did not within the timeout. */
  private static boolean awaitReady(Path file, Process process, long timeoutMs)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.readString(file, UTF_8).contains("READY")) {
        return true;
      }
      Thread.sleep(2);
    }
    return false;
  }

  private static String tail(Path file) {
    try {
      String s = Files.readString(file, UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
