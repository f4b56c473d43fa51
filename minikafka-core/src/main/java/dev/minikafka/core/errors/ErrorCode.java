package dev.minikafka.core.errors;

/**
 * The error codes minikafka reports, numbered as Kafka numbers them so that a code means the same
 * thing over HTTP, in the SDK and on the Kafka wire protocol.
 */
public enum ErrorCode {
  /** An unexpected failure inside the broker; never caused by the client's input. */
  UNKNOWN_SERVER_ERROR(-1),
  /** The requested offset lies outside the partition's range of offsets. */
  OFFSET_OUT_OF_RANGE(1),
  /** Bytes that should be a record batch failed their size, magic or CRC check. */
  CORRUPT_MESSAGE(2),
  /** The topic or partition does not exist. */
  UNKNOWN_TOPIC_OR_PARTITION(3),
  /** A record batch is larger than the topic's maximum batch size. */
  MESSAGE_TOO_LARGE(10),
  /** A topic name breaks the naming rule. */
  INVALID_TOPIC_EXCEPTION(17),
  /** A topic with this name already exists. */
  TOPIC_ALREADY_EXISTS(36),
  /** A partition count or partition number is not acceptable. */
  INVALID_PARTITIONS(37),
  /** A configuration key or value is not acceptable. */
  INVALID_CONFIG(40),
  /** The request is malformed. */
  INVALID_REQUEST(42),
  /** The storage under a log failed or is full; the log may be read-only or offline. */
  KAFKA_STORAGE_ERROR(56),
  /** No consumer or group by that id. */
  GROUP_ID_NOT_FOUND(69),
  /** A record batch is well formed but breaks a rule (offsets, counts, magic). */
  INVALID_RECORD(87);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** Returns Kafka's numeric code for this error. */
  public int code() {
    return code;
  }
}
