package dev.minikafka.bench;

import dev.minikafka.storage.record.RecordData;
import java.nio.ByteBuffer;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The records of one append: their value size and how many go in a batch. */
@State(Scope.Benchmark)
public class Shape {
  /** The value size of each record in bytes (no key, no headers). */
  @Param({"100", "1024"})
  public int recordSize;

  /** Records per batch, which is records per append. */
  @Param({"1", "100", "1000"})
  public int batchSize;

  List<RecordData> records;

  /** The records encoded as one batch; the engine rewrites its base offset on every append. */
  ByteBuffer batch;

  int batchBytes;

  /** Makes the records and their batch. */
  @Setup(Level.Trial)
  public void make() {
    records = Payloads.records(batchSize, recordSize);
    batch = Payloads.batch(records);
    batchBytes = batch.remaining();
  }
}
