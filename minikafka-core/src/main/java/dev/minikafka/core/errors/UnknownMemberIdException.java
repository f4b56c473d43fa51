package dev.minikafka.core.errors;

/** The member id is not a live member of this group (it left, was evicted, or never joined). */
public final class UnknownMemberIdException extends MiniKafkaException {
  /** Creates the error with a message that names the problem. */
  public UnknownMemberIdException(String message) {
    super(ErrorCode.UNKNOWN_MEMBER_ID, message);
  }
}
