package dev.minikafka.bench;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.LogReadResult;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sequential reads of a whole log, {@code read(offset, 1 MiB)} after {@code read}, wrapping at the
 * end: with and without decoding the records, beside plain {@code FileChannel.read} of the same
 * file in 1 MiB chunks. The log ({@code -Dminikafka.bench.readMb}, 256 MiB by default) is written
 * once per trial and read from the page cache, so this measures the read path, not the disk.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      "--enable-native-access=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
    })
public class ReadBenchmark {
  /** System property: the size of the log read, in MiB. */
  public static final String READ_MB_PROPERTY = "minikafka.bench.readMb";

  static final int MAX_BYTES = 1 << 20;

  /** A log of the given shape, written once per trial. */
  @State(Scope.Benchmark)
  public static class Fixture {
    PartitionLog log;
    Path dir;
    Path segmentFile;
    long records;
    long bytes;

    /** Appends batches of {@code shape} until the log holds the configured size. */
    @Setup(Level.Trial)
    public void write(Shape shape) throws IOException {
      dir = Dirs.fresh("read-");
      log =
          PartitionLog.open(
              dir.resolve("bench-0"),
              new TopicPartition("bench", 0),
              LogConfig.defaults(),
              LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER),
              true);
      long target = Long.getLong(READ_MB_PROPERTY, 256) << 20;
      while (log.sizeInBytes() < target) {
        log.append(shape.batch.duplicate());
      }
      log.flush();
      records = log.logEndOffset();
      bytes = log.sizeInBytes();
      try (Stream<Path> files = Files.list(dir.resolve("bench-0"))) {
        List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        if (logs.size() != 1) {
          throw new IllegalStateException("expected one segment, found " + logs);
        }
        segmentFile = logs.get(0);
      }
    }

    /** Closes and deletes the log. */
    @TearDown(Level.Trial)
    public void delete() {
      log.close();
      Dirs.delete(dir);
    }
  }

  /** Whether a read decodes every record into objects. */
  @State(Scope.Benchmark)
  public static class Decoding {
    /** {@code true}: decode each record ({@code FetchedRecords.records()}). */
    @Param({"false", "true"})
    public boolean decode;
  }

  /** Where the next read starts. */
  @State(Scope.Thread)
  public static class Cursor {
    long nextOffset;
    long filePosition;
    FileChannel channel;
    final ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES);

    /** Opens the baseline's channel on the fixture's segment file. */
    @Setup(Level.Trial)
    public void open(Fixture f) throws IOException {
      channel = FileChannel.open(f.segmentFile, StandardOpenOption.READ);
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * The engine: {@code PartitionLog.read}; without decoding, only the last batch header is looked
   * at (for the next offset), as a fetch that ships the bytes would.
   */
  @Benchmark
  public void read(Fixture f, Decoding d, Cursor c, Rates rates, Blackhole bh) {
    LogReadResult result = f.log.read(c.nextOffset, MAX_BYTES);
    ByteBuffer bytes = result.records().buffer();
    long next;
    long count;
    if (d.decode) {
      List<LogRecord> records = result.records().records();
      bh.consume(records);
      count = records.size();
      next = records.get(records.size() - 1).offset() + 1;
    } else {
      long[] walked = walkHeaders(bytes);
      count = walked[0];
      next = walked[1];
    }
    rates.records += count;
    rates.bytes += bytes.remaining();
    c.nextOffset = next >= result.highWatermark() ? result.logStartOffset() : next;
  }

  /** Baseline: {@code FileChannel.read} of the same file in 1 MiB chunks into a reused buffer. */
  @Benchmark
  public void rawRead(Fixture f, Cursor c, Rates rates) throws IOException {
    c.buffer.clear();
    int n = c.channel.read(c.buffer, c.filePosition);
    c.filePosition += n;
    if (c.filePosition >= f.bytes) {
      c.filePosition = 0;
    }
    rates.bytes += n;
    rates.records = rates.bytes * f.records / f.bytes;
  }

  /**
   * Counts the records of the v2 batches in {@code bytes} from their headers alone.
   *
   * @return the record count and the offset after the last batch
   */
  static long[] walkHeaders(ByteBuffer bytes) {
    long count = 0;
    long next = 0;
    int p = bytes.position();
    while (p < bytes.limit()) {
      long base = bytes.getLong(p);
      int size = bytes.getInt(p + 8) + 12;
      int lastOffsetDelta = bytes.getInt(p + 23);
      count += bytes.getInt(p + 57);
      next = base + lastOffsetDelta + 1;
      p += size;
    }
    return new long[] {count, next};
  }
}
