package dev.minikafka.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.client.internal.ConnectionSettings;
import dev.minikafka.client.internal.MemberApi;
import dev.minikafka.client.internal.RecordBatchAnswer;
import dev.minikafka.client.internal.Transport;
import dev.minikafka.client.internal.WireJson;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.List;

/**
 * Reads one partition from an offset the caller chooses, without a consumer group: nothing is
 * committed and no broker state changes ({@code GET /v1/topics/{topic}/partitions/{p}/records}).
 * The caller keeps the position, passing each answer's {@link Fetched#nextOffset()} to the next
 * {@link #fetch}.
 *
 * <p>The broker's refusals come as the typed exceptions of {@code dev.minikafka.core.errors} (e.g.
 * {@link dev.minikafka.core.errors.OffsetOutOfRangeException} naming the valid range); failures on
 * the client's side as {@link MiniKafkaClientException}s.
 *
 * <p>Thread-safe: share one instance; it keeps its connections open until {@link #close()}.
 */
public final class PartitionReader implements AutoCloseable {
  /** The most records one fetch may ask for, as the broker allows. */
  public static final int MAX_RECORDS = 10_000;

  /** The most a fetch may wait for records, as the broker allows. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private final Transport transport;
  private final Duration requestTimeout;
  private final boolean recordBatches;

  private PartitionReader(Transport transport, Duration requestTimeout, boolean recordBatches) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.recordBatches = recordBatches;
  }

  /** A builder; only {@link Builder#bootstrap} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Up to {@code maxRecords} records of {@code partition} from {@code offset} on. At the high
   * watermark it waits up to {@code wait} for one to arrive (zero: answer at once).
   *
   * @throws IllegalArgumentException if {@code maxRecords} is not 1 to {@link #MAX_RECORDS} or
   *     {@code wait} is not 0 to {@link #MAX_WAIT}
   */
  public Fetched fetch(TopicPartition partition, long offset, int maxRecords, Duration wait) {
    if (maxRecords < 1 || maxRecords > MAX_RECORDS) {
      throw new IllegalArgumentException(
          "maxRecords must be 1 to " + MAX_RECORDS + ", was " + maxRecords);
    }
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          "wait must be 0 to " + MAX_WAIT.toMillis() + " ms, was " + wait.toMillis());
    }
    String path =
        "/v1/topics/"
            + WireJson.segment(partition.topic())
            + "/partitions/"
            + partition.partition()
            + "/records?offset="
            + offset
            + "&max_records="
            + maxRecords
            + "&timeout_ms="
            + wait.toMillis()
            + "&format=base64";
    Duration timeout = requestTimeout.plus(wait);
    if (!recordBatches) {
      return fromJson(transport.send("GET", path, null, timeout));
    }
    Transport.RawAnswer raw =
        transport.exchange("GET", path, null, RecordBatchAnswer.ACCEPT, timeout);
    if (!RecordBatchAnswer.isRecordBatches(raw.contentType())) {
      return fromJson(WireJson.parse(raw.body(), "a partition read"));
    }
    List<RecordBatchAnswer.Section> sections = RecordBatchAnswer.parse(raw.body()).partitions();
    if (sections.size() != 1 || !sections.get(0).partition().equals(partition)) {
      throw new UnexpectedResponseException(
          200, "a read of " + partition + " answered the sections of " + sections);
    }
    RecordBatchAnswer.Section s = sections.get(0);
    List<ConsumerRecord> records = s.records();
    long next = s.nextOffset();
    if (records.size() > maxRecords) {
      // Whole batches came; the caller asked for fewer records, and reads the rest next time.
      records = records.subList(0, maxRecords);
      next = records.get(maxRecords - 1).offset() + 1;
    }
    return new Fetched(records, next, s.highWatermark(), s.logStartOffset());
  }

  private static Fetched fromJson(JsonNode a) {
    return new Fetched(
        MemberApi.records(a.path("records")),
        WireJson.longField(a, "next_offset"),
        WireJson.longField(a, "high_watermark"),
        WireJson.longField(a, "log_start_offset"));
  }

  /** The broker's base URL. */
  public String baseUrl() {
    return transport.baseUrl();
  }

  /** Closes the connections. */
  @Override
  public void close() {
    transport.close();
  }

  /**
   * One fetch's answer.
   *
   * @param records the records, in offset order
   * @param nextOffset where the next fetch starts: one past the last record, or the offset asked
   *     for when there was none
   * @param highWatermark the offset the partition's next record will get
   * @param logStartOffset the first offset still stored
   */
  public record Fetched(
      List<ConsumerRecord> records, long nextOffset, long highWatermark, long logStartOffset) {
    /** Copies the list. */
    public Fetched {
      records = List.copyOf(records);
    }
  }

  /** Builds a {@link PartitionReader}. Not thread-safe. */
  public static final class Builder {
    private ConnectionSettings connection = ConnectionSettings.DEFAULTS;
    private boolean recordBatches = true;

    private Builder() {}

    /**
     * Whether reads ask for the broker's stored record batches and decode them here (true, the
     * default) or for JSON records (false: slower, but every answer can be read in a proxy's log).
     */
    public Builder recordBatches(boolean enable) {
      this.recordBatches = enable;
      return this;
    }

    /** The broker's base URL, e.g. {@code http://127.0.0.1:8000}. Required. */
    public Builder bootstrap(String url) {
      connection = connection.withBootstrap(url);
      return this;
    }

    /** How long one request may take, on top of a fetch's wait; default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      connection = connection.withRequestTimeout(timeout, "request timeout");
      return this;
    }

    /** How long to wait for a TCP connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      connection = connection.withConnectTimeout(timeout);
      return this;
    }

    /**
     * Builds the reader; it connects on first use.
     *
     * @throws IllegalArgumentException if the bootstrap URL is missing or malformed
     */
    public PartitionReader build() {
      return new PartitionReader(
          connection.transport(), connection.requestTimeout(), recordBatches);
    }
  }
}
