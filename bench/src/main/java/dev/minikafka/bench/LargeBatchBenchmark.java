package dev.minikafka.bench;

import dev.minikafka.storage.AppendResult;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending pre-encoded batches of just under 1 MiB (the default {@code max.message.bytes}) of 1
 * KiB records, beside the same bytes written with plain {@code FileChannel.write} and with a write
 * plus an fsync per batch. Goal: the engine at 0.8x the plain write rate or better.
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
public class LargeBatchBenchmark {

  /** One batch of 1 KiB records, as large as fits in 1 MiB. */
  @State(Scope.Benchmark)
  public static class LargeBatch {
    ByteBuffer batch;
    int records;
    int bytes;

    /** Encodes the batch. */
    @Setup(Level.Trial)
    public void make() {
      var list = Payloads.recordsFilling(Payloads.ONE_MIB, 1024);
      records = list.size();
      batch = Payloads.batch(list);
      bytes = batch.remaining();
    }
  }

  /** The engine: validation (CRC-32C over the batch), offsets, write, index entries. */
  @Benchmark
  public AppendResult appendPreEncoded(LargeBatch b, EngineLog engine, Rates rates) {
    AppendResult result = engine.log.append(b.batch.duplicate());
    rates.records += b.records;
    rates.bytes += b.bytes;
    return result;
  }

  /** Baseline: the same bytes with {@code FileChannel.write}. */
  @Benchmark
  public void rawWrite(LargeBatch b, RawFiles raw, Rates rates) {
    raw.log.append(b.batch.duplicate());
    rates.records += b.records;
    rates.bytes += b.bytes;
  }

  /** Baseline: the same bytes, then {@code FileChannel.force} per batch. */
  @Benchmark
  public void rawWriteFsync(LargeBatch b, RawFiles raw, Rates rates) {
    raw.log.append(b.batch.duplicate());
    raw.log.fsync();
    rates.records += b.records;
    rates.bytes += b.bytes;
  }
}
