package dev.minikafka.bench;

import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records and batches of one shape, so that the engine and its baselines write the same bytes.
 *
 * <p>A "100-byte record" is a record with no key, no headers and a 100-byte value of random
 * (incompressible) bytes; batches are uncompressed v2 batches as {@link Batches#encode} makes them.
 * Timestamps are the time the payload was made, so that the log does not roll segments by age.
 */
public final class Payloads {
  /** Kafka's default {@code max.message.bytes}, the largest batch a log takes by default. */
  public static final int ONE_MIB = 1 << 20;

  private Payloads() {}

  /** {@code count} records with a {@code valueBytes}-byte random value and no key. */
  public static List<RecordData> records(int count, int valueBytes) {
    SplittableRandom random = new SplittableRandom(42);
    long now = System.currentTimeMillis();
    List<RecordData> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[valueBytes];
      for (int j = 0; j < valueBytes; j++) {
        value[j] = (byte) random.nextInt();
      }
      out.add(RecordData.of(now, null, value));
    }
    return Collections.unmodifiableList(out);
  }

  /** One uncompressed batch of {@code records}, base offset 0, in a writable heap buffer. */
  public static ByteBuffer batch(List<RecordData> records) {
    return Batches.encode(records, Compression.NONE);
  }

  /** The most {@code valueBytes}-byte records whose batch still fits in {@code maxBatchBytes}. */
  public static List<RecordData> recordsFilling(int maxBatchBytes, int valueBytes) {
    int count = Math.max(1, maxBatchBytes / (valueBytes + 8));
    while (count > 1 && batch(records(count, valueBytes)).remaining() > maxBatchBytes) {
      count -= Math.max(1, count / 200);
    }
    return records(count, valueBytes);
  }
}
