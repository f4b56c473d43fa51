package dev.minikafka.core.errors;

/**
 * The root of every error minikafka raises on purpose. Each subclass carries one {@link ErrorCode};
 * the HTTP layer and the wire protocol map the code, never the class name.
 *
 * <p>The set is closed: callers may switch over it exhaustively.
 */
public abstract sealed class MiniKafkaException extends RuntimeException
    permits OffsetOutOfRangeException,
        CorruptRecordException,
        UnknownTopicOrPartitionException,
        RecordTooLargeException,
        InvalidTopicException,
        TopicExistsException,
        InvalidPartitionsException,
        InvalidConfigException,
        InvalidRecordException,
        StorageException,
        InvalidRequestException,
        UnknownConsumerException,
        IllegalGenerationException,
        InconsistentGroupProtocolException,
        InvalidGroupIdException,
        UnknownMemberIdException,
        InvalidSessionTimeoutException,
        OutOfOrderSequenceException,
        DuplicateSequenceException,
        InvalidProducerEpochException,
        UnknownProducerIdException,
        NonEmptyGroupException,
        UnknownServerException {

  private final ErrorCode errorCode;

  MiniKafkaException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  MiniKafkaException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** Returns the Kafka error code this error stands for. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
