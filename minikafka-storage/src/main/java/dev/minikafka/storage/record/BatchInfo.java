package dev.minikafka.storage.record;

/**
 * What the header of one record batch says, and where the batch lies.
 *
 * @param position the batch's byte position in its file or buffer
 * @param sizeInBytes the whole batch's size, header included
 * @param baseOffset the offset of its first record
 * @param lastOffset the offset of its last record
 * @param maxTimestamp the largest record timestamp in the batch
 */
public record BatchInfo(
    int position, int sizeInBytes, long baseOffset, long lastOffset, long maxTimestamp) {

  /** The number of offsets the batch spans. */
  public int offsetCount() {
    return (int) (lastOffset - baseOffset + 1);
  }

  /** The position just past this batch. */
  public int endPosition() {
    return position + sizeInBytes;
  }
}
