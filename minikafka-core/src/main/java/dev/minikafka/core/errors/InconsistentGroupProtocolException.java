package dev.minikafka.core.errors;

/** A member asked for a partition assignment strategy other than the group's. */
public final class InconsistentGroupProtocolException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public InconsistentGroupProtocolException(String message) {
    super(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, message);
  }
}
