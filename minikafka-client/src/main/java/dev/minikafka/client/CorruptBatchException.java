package dev.minikafka.client;

/**
 * An answer's record batches do not decode: a length, magic byte, CRC-32C or record field does not
 * fit, or a batch uses a codec this client does not decode. The message names the byte position in
 * the answer. Not retriable: the same read answers the same bytes.
 */
public final class CorruptBatchException extends MiniKafkaClientException {
  /** With a message naming the problem and where it is. */
  public CorruptBatchException(String message) {
    super(message);
  }

  /** With a message naming the problem and where it is, and its cause. */
  public CorruptBatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
