package dev.minikafka.storage;

import dev.minikafka.storage.record.LogRecord;
import java.util.ArrayList;
import java.util.List;

/** Reads what a log holds, for assertions in tests. */
final class LogContents {
  private LogContents() {}

  /** Every record from the log start to the high watermark, read batch run by batch run. */
  static List<LogRecord> readAll(PartitionLog log) {
    List<LogRecord> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.highWatermark()) {
      List<LogRecord> batch = log.read(next, 1 << 20).records().records(next);
      out.addAll(batch);
      next = batch.get(batch.size() - 1).offset() + 1;
    }
    return out;
  }
}
