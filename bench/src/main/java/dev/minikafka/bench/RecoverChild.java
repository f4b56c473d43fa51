package dev.minikafka.bench;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A fresh JVM that times one recovery, as a broker restarted after SIGKILL does it: {@code engine
 * <dir> <segment.bytes>} times {@code PartitionLog.open(..., cleanShutdown=false)}; {@code baseline
 * <log file>} times a sequential read of the file with CRC-32C over it. Prints {@code MS <wall ms>
 * <log end offset or -1> <process CPU ms>}; the CPU time (every thread of the JVM, the JIT
 * compilers and GC included) is what contention with other processes inflates least.
 */
public final class RecoverChild {
  private RecoverChild() {}

  /** Runs one timed recovery; see the class comment. */
  public static void main(String[] args) throws IOException {
    Path path = Paths.get(args[1]);
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    long end = -1;
    if (args[0].equals("engine")) {
      LogConfig config = LogConfig.defaults().withSegmentBytes(Integer.parseInt(args[2]));
      PartitionLog log =
          PartitionLog.open(
              path,
              new TopicPartition("bench", 0),
              config,
              LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER),
              false);
      report(t0, cpu0, log.logEndOffset());
      log.close();
    } else {
      Recovery.timeBaseline(path);
      report(t0, cpu0, end);
    }
  }

  private static void report(long t0, long cpu0, long end) {
    double wall = (System.nanoTime() - t0) / 1e6;
    double cpu = (processCpuNanos() - cpu0) / 1e6;
    System.out.println("MS " + wall + " " + end + " " + cpu);
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
