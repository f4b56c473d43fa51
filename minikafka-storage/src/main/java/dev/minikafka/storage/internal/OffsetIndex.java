package dev.minikafka.storage.internal;

import dev.minikafka.storage.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse offset index in Kafka's {@code .index} format: 8-byte entries of a 4-byte
 * offset relative to the segment's base offset and a 4-byte file position. As in Kafka, an entry
 * names the last offset of a batch and the position where that batch starts, so the entry found for
 * a target offset points at or before the batch holding it.
 *
 * <p>Invariant: offsets and positions strictly increase. Thread-safety as {@link IndexFile}.
 */
final class OffsetIndex extends IndexFile {
  static final int ENTRY_SIZE = 8;

  /**
   * One entry.
   *
   * @param offset the absolute offset
   * @param position the position in the log file
   */
  record Entry(long offset, int position) {}

  private final long baseOffset;
  private final ByteBuffer scratch = ByteBuffer.allocate(ENTRY_SIZE);

  OffsetIndex(Path path, FileIo io, long baseOffset, boolean sealed) throws IOException {
    super(path, io, ENTRY_SIZE, sealed);
    this.baseOffset = baseOffset;
  }

  /** Appends an entry; the offset must exceed the last entry's. */
  void append(long offset, int position) throws IOException {
    scratch.clear().putInt((int) (offset - baseOffset)).putInt(position).flip();
    appendEntry(scratch);
  }

  /** The entry with the largest offset at or below {@code target}, or the segment's start. */
  Entry lookup(long target) {
    int n = count();
    ByteBuffer v = view();
    int found = floorEntry(v, n, target, this::offsetAt);
    return found < 0
        ? new Entry(baseOffset, 0)
        : new Entry(offsetAt(v, found), positionAt(v, found));
  }

  /** The last entry, or the segment's start when empty. */
  Entry last() {
    int n = count();
    ByteBuffer v = view();
    return n == 0 ? new Entry(baseOffset, 0) : new Entry(offsetAt(v, n - 1), positionAt(v, n - 1));
  }

  /** Removes the entries whose offset is at or above {@code offset}. */
  void truncateTo(long offset) throws IOException {
    int n = count();
    ByteBuffer v = view();
    int keep = n;
    while (keep > 0 && offsetAt(v, keep - 1) >= offset) {
      keep--;
    }
    truncateEntries(keep);
  }

  /**
   * Whether the entries could belong to a log of {@code logSize} bytes: whole entries, strictly
   * increasing offsets and positions, every position inside the log.
   */
  boolean isConsistent(int logSize) throws IOException {
    if (hasPartialEntry()) {
      return false;
    }
    int n = count();
    ByteBuffer v = view();
    long prevOffset = baseOffset - 1;
    int prevPosition = -1;
    for (int i = 0; i < n; i++) {
      long o = offsetAt(v, i);
      int p = positionAt(v, i);
      if (o <= prevOffset || p <= prevPosition || p >= logSize) {
        return false;
      }
      prevOffset = o;
      prevPosition = p;
    }
    return true;
  }

  private long offsetAt(ByteBuffer v, int i) {
    return baseOffset + v.getInt(i * ENTRY_SIZE);
  }

  private static int positionAt(ByteBuffer v, int i) {
    return v.getInt(i * ENTRY_SIZE + 4);
  }
}
