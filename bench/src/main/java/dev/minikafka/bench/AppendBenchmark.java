package dev.minikafka.bench;

import dev.minikafka.storage.AppendResult;
import dev.minikafka.storage.record.Compression;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of one partition log from one thread, beside two plain baselines writing the
 * same encoded bytes: {@link FileChannel} writes alone, and a write plus an fsync per append.
 *
 * <p>One operation is one append of {@link Shape#batchSize} records; the {@code records} and {@code
 * bytes} secondary results give records/s and stored bytes/s. Each iteration starts on an empty
 * log, so no iteration pays for its predecessors' dirty pages.
 *
 * @see java.nio.channels.FileChannel
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
public class AppendBenchmark {

  /** Encodes the records into a batch ({@code Batches.encode}) and appends it. */
  @Benchmark
  public AppendResult encodeAndAppend(Shape shape, EngineLog engine, Rates rates) {
    AppendResult result = engine.log.append(shape.records, Compression.NONE);
    rates.records += shape.batchSize;
    rates.bytes += shape.batchBytes;
    return result;
  }

  /** Appends the already encoded batch: validation (CRC-32C), offsets, write, index. */
  @Benchmark
  public AppendResult appendPreEncoded(Shape shape, EngineLog engine, Rates rates) {
    AppendResult result = engine.log.append(shape.batch.duplicate());
    rates.records += shape.batchSize;
    rates.bytes += shape.batchBytes;
    return result;
  }

  /** Baseline: the same bytes written with {@code FileChannel.write}, nothing else. */
  @Benchmark
  public void rawWrite(Shape shape, RawFiles raw, Rates rates) {
    raw.log.append(shape.batch.duplicate());
    rates.records += shape.batchSize;
    rates.bytes += shape.batchBytes;
  }

  /** Baseline: the same bytes written, then {@code FileChannel.force} once per append. */
  @Benchmark
  public void rawWriteFsync(Shape shape, RawFiles raw, Rates rates) {
    raw.log.append(shape.batch.duplicate());
    raw.log.fsync();
    rates.records += shape.batchSize;
    rates.bytes += shape.batchBytes;
  }
}
