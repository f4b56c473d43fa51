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
  /**
   * A consumer group member acted with a generation the group has moved past; it must poll (rejoin)
   * first.
   */
  ILLEGAL_GENERATION(22),
  /** A member asked for an assignment strategy that differs from the group's. */
  INCONSISTENT_GROUP_PROTOCOL(23),
  /** A group id is empty or breaks the naming rule. */
  INVALID_GROUP_ID(24),
  /**
   * The member id is not a live member of the group: it left, was evicted after its session
   * timeout, or belongs to another group.
   */
  UNKNOWN_MEMBER_ID(25),
  /** A session timeout outside the range the broker allows. */
  INVALID_SESSION_TIMEOUT(26),
  /** A topic with this name already exists. */
  TOPIC_ALREADY_EXISTS(36),
  /** A partition count or partition number is not acceptable. */
  INVALID_PARTITIONS(37),
  /** A configuration key or value is not acceptable. */
  INVALID_CONFIG(40),
  /** The request is malformed. */
  INVALID_REQUEST(42),
  /**
   * An idempotent producer's sequence number skipped ahead of or fell behind what the partition
   * expects.
   */
  OUT_OF_ORDER_SEQUENCE_NUMBER(45),
  /** An idempotent producer resent a batch the broker already has, but not as the same batch. */
  DUPLICATE_SEQUENCE_NUMBER(46),
  /**
   * A producer used an epoch older than the one the broker knows for its id (a newer instance
   * fenced it).
   */
  INVALID_PRODUCER_EPOCH(47),
  /** The storage under a log failed or is full; the log may be read-only or offline. */
  KAFKA_STORAGE_ERROR(56),
  /** The broker has no state for the producer id given. */
  UNKNOWN_PRODUCER_ID(59),
  /** An operation that needs a group without members (delete, offset reset) met live members. */
  NON_EMPTY_GROUP(68),
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

  /**
   * The error with Kafka's numeric {@code code}, or {@link #UNKNOWN_SERVER_ERROR} if none has it.
   */
  public static ErrorCode forCode(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return UNKNOWN_SERVER_ERROR;
  }
}
