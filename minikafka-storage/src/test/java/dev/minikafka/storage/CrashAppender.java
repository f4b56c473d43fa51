package dev.minikafka.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashRecoveryTest}: opens a partition log after an unclean stop and
 * appends to it from several threads until it is killed.
 *
 * <p>Arguments: the log directory, this child's number, the number of appender threads. Each record
 * carries a sequence number unique within the child; its value is {@link #value(int, long)}, so the
 * parent knows every value. Prints {@code READY <logEndOffset> .} once the log is open and {@code
 * ACK <baseOffset> <lastOffset> <firstSeq> .} after each acknowledged append (the batch's records
 * have sequence numbers firstSeq, firstSeq + 1, ...); the trailing dot shows the line is whole.
 * Prints {@code ERR <message> .} and exits with status 2 when an append fails.
 */
public final class CrashAppender {
  static final TopicPartition TP = new TopicPartition("crash", 0);
  static final int SEGMENT_BYTES = 64 * 1024;
  static final int MAX_BATCH_RECORDS = 50;

  private CrashAppender() {}

  /** The log configuration parent and child share. */
  static LogConfig config() {
    return LogConfig.defaults()
        .with(
            Map.of(
                LogConfig.SEGMENT_BYTES,
                Integer.toString(SEGMENT_BYTES),
                LogConfig.INDEX_INTERVAL_BYTES,
                "1024"));
  }

  /** The value of the record with sequence number {@code seq} written by child {@code child}. */
  static String value(int child, long seq) {
    return "c" + child + "-s" + seq + "-" + "x".repeat((int) ((seq * 7919) % 61));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int child = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, false, UTF_8);
    PartitionLog log = PartitionLog.open(dir, TP, config(), LogOptions.defaults(), false);
    print(out, "READY " + log.logEndOffset());
    AtomicLong sequence = new AtomicLong();
    byte[] key = ("c" + child).getBytes(UTF_8);
    List<Thread> appenders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(child * 1000L + t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (true) {
                    int n = 1 + random.nextInt(MAX_BATCH_RECORDS);
                    long firstSeq = sequence.getAndAdd(n);
                    List<RecordData> records = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                      records.add(
                          RecordData.of(
                              System.currentTimeMillis(),
                              key,
                              value(child, firstSeq + i).getBytes(UTF_8)));
                    }
                    Compression compression =
                        random.nextInt(4) == 0 ? Compression.LZ4 : Compression.NONE;
                    AppendResult r = log.append(records, compression);
                    print(out, "ACK " + r.baseOffset() + " " + r.lastOffset() + " " + firstSeq);
                  }
                } catch (RuntimeException e) {
                  print(out, "ERR " + e.toString().replace('\n', ' '));
                  e.printStackTrace();
                  Runtime.getRuntime().halt(2);
                }
              },
              "appender-" + t);
      appenders.add(thread);
      thread.start();
    }
    for (Thread thread : appenders) {
      thread.join();
    }
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.print(line + " .\n");
      out.flush();
    }
  }
}
