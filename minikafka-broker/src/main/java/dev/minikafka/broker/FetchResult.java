package dev.minikafka.broker;

import dev.minikafka.storage.record.LogRecord;
import java.util.List;

/**
 * What a read of one partition returned.
 *
 * @param records consecutive records from the offset asked for; empty when none arrived in time
 * @param nextOffset the offset to read from next: one past the last record, else the offset asked
 *     for
 * @param highWatermark one past the last offset readers may see, when read
 * @param logStartOffset the first offset still in the log, when read
 */
public record FetchResult(
    List<LogRecord> records, long nextOffset, long highWatermark, long logStartOffset) {

  /** Copies the list. */
  public FetchResult {
    records = List.copyOf(records);
  }
}
