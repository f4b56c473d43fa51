package dev.minikafka.bench;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link StorageBench}: appends until the data reaches a size, telling its parent
 * how far it got on standard output ({@code PROGRESS <bytes> <live heap bytes>}, then {@code DONE
 * <bytes> <records>}), and then waits to be killed without closing anything.
 *
 * <p>Arguments: {@code --dir D --size-mb N --record-size S --batch B --mode engine|raw --encode
 * true|false --segment-bytes X}. Mode {@code engine} appends to a {@link PartitionLog} with
 * flush=never; mode {@code raw} writes the same encoded batch with a {@link RawLog}.
 */
public final class AppendChild {
  private AppendChild() {}

  /** The heap in use right after the last collection: what the program keeps alive. */
  static long liveHeapBytes() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null) {
        total += after.getUsed();
      }
    }
    return total;
  }

  /** Runs the child; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    Path dir = Paths.get(opts.get("--dir"));
    long target = Long.parseLong(opts.getOrDefault("--size-mb", "1024")) << 20;
    int recordSize = Integer.parseInt(opts.getOrDefault("--record-size", "100"));
    int batchSize = Integer.parseInt(opts.getOrDefault("--batch", "1000"));
    boolean engine = opts.getOrDefault("--mode", "engine").equals("engine");
    boolean encode = Boolean.parseBoolean(opts.getOrDefault("--encode", "true"));
    int segmentBytes = Integer.parseInt(opts.getOrDefault("--segment-bytes", "1073741824"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    List<RecordData> records = Payloads.records(batchSize, recordSize);
    ByteBuffer batch = Payloads.batch(records);
    long step = Math.max(1, target / 200);
    long written = 0;
    long count = 0;
    long nextReport = step;
    if (engine) {
      PartitionLog log =
          PartitionLog.open(
              dir,
              new TopicPartition("bench", 0),
              LogConfig.defaults().withSegmentBytes(segmentBytes),
              LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER),
              true);
      while (written < target) {
        if (encode) {
          log.append(records, Compression.NONE);
        } else {
          log.append(batch.duplicate());
        }
        written += batch.remaining();
        count += batchSize;
        if (written >= nextReport) {
          out.println("PROGRESS " + written + " " + liveHeapBytes());
          nextReport += step;
        }
      }
    } else {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RawLog log = new RawLog(dir, segmentBytes);
      while (written < target) {
        log.append(batch.duplicate());
        written += batch.remaining();
        count += batchSize;
        if (written >= nextReport) {
          out.println("PROGRESS " + written + " " + liveHeapBytes());
          nextReport += step;
        }
      }
    }
    out.println("DONE " + written + " " + count);
    // Keep everything open and wait for SIGKILL, as a broker that is killed mid-flight would.
    Thread.sleep(Long.MAX_VALUE);
  }
}
