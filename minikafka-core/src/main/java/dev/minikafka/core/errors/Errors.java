package dev.minikafka.core.errors;

/**
 * Turns an error code and message received from a broker back into the typed exception the broker
 * raised, so that clients throw what the broker meant. Stateless.
 */
public final class Errors {
  private Errors() {}

  /**
   * The exception for Kafka error {@code code}; unknown codes become {@link
   * UnknownServerException}.
   */
  public static MiniKafkaException toException(int code, String message) {
    ErrorCode errorCode = ErrorCode.forCode(code);
    return switch (errorCode) {
      case OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException(message);
      case CORRUPT_MESSAGE -> new CorruptRecordException(message);
      case UNKNOWN_TOPIC_OR_PARTITION -> new UnknownTopicOrPartitionException(message);
      case MESSAGE_TOO_LARGE -> new RecordTooLargeException(message);
      case INVALID_TOPIC_EXCEPTION -> new InvalidTopicException(message);
      case ILLEGAL_GENERATION -> new IllegalGenerationException(message);
      case INCONSISTENT_GROUP_PROTOCOL -> new InconsistentGroupProtocolException(message);
      case INVALID_GROUP_ID -> new InvalidGroupIdException(message);
      case UNKNOWN_MEMBER_ID -> new UnknownMemberIdException(message);
      case INVALID_SESSION_TIMEOUT -> new InvalidSessionTimeoutException(message);
      case TOPIC_ALREADY_EXISTS -> new TopicExistsException(message);
      case INVALID_PARTITIONS -> new InvalidPartitionsException(message);
      case INVALID_CONFIG -> new InvalidConfigException(message);
      case INVALID_REQUEST -> new InvalidRequestException(message);
      case OUT_OF_ORDER_SEQUENCE_NUMBER -> new OutOfOrderSequenceException(message);
      case DUPLICATE_SEQUENCE_NUMBER -> new DuplicateSequenceException(message);
      case INVALID_PRODUCER_EPOCH -> new InvalidProducerEpochException(message);
      case KAFKA_STORAGE_ERROR -> new StorageException(message);
      case UNKNOWN_PRODUCER_ID -> new UnknownProducerIdException(message);
      case NON_EMPTY_GROUP -> new NonEmptyGroupException(message);
      case GROUP_ID_NOT_FOUND -> new UnknownConsumerException(message);
      case INVALID_RECORD -> new InvalidRecordException(message);
      case UNKNOWN_SERVER_ERROR -> new UnknownServerException("error " + code + ": " + message);
    };
  }
}
