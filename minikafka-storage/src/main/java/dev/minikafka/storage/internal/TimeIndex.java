package dev.minikafka.storage.internal;

import dev.minikafka.storage.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse time index in Kafka's {@code .timeindex} format: 12-byte entries of an 8-byte
 * timestamp and a 4-byte offset relative to the segment's base offset. An entry says that no record
 * before that offset has a larger timestamp; entries are added only when the largest timestamp
 * grows, and a final entry on sealing records the segment's largest timestamp.
 *
 * <p>Invariant: timestamps strictly increase, offsets never decrease. Thread-safety as {@link
 * IndexFile}.
 */
final class TimeIndex extends IndexFile {
  static final int ENTRY_SIZE = 12;

  /**
   * One entry.
   *
   * @param timestamp the largest timestamp up to {@code offset}
   * @param offset the absolute offset of the batch holding it
   */
  record Entry(long timestamp, long offset) {}

  private final long baseOffset;
  private final ByteBuffer scratch = ByteBuffer.allocate(ENTRY_SIZE);

  TimeIndex(Path path, FileIo io, long baseOffset, boolean sealed) throws IOException {
    super(path, io, ENTRY_SIZE, sealed);
    this.baseOffset = baseOffset;
  }

  /** Appends an entry when the timestamp exceeds the last entry's. */
  void maybeAppend(long timestamp, long offset) throws IOException {
    if (timestamp < 0) {
      return;
    }
    int n = count();
    if (n > 0) {
      ByteBuffer v = view();
      if (timestamp <= timestampAt(v, n - 1) || offset < offsetAt(v, n - 1)) {
        return;
      }
    }
    scratch.clear().putLong(timestamp).putInt((int) (offset - baseOffset)).flip();
    appendEntry(scratch);
  }

  /**
   * The entry with the largest timestamp at or below {@code target}: a point from which to search
   * forward. The segment's start when there is none.
   */
  Entry lookup(long target) {
    int n = count();
    ByteBuffer v = view();
    int found = floorEntry(v, n, target, (view, i) -> timestampAt(view, i));
    return found < 0
        ? new Entry(-1, baseOffset)
        : new Entry(timestampAt(v, found), offsetAt(v, found));
  }

  /** The last entry, or null when empty. */
  Entry last() {
    int n = count();
    ByteBuffer v = view();
    return n == 0 ? null : new Entry(timestampAt(v, n - 1), offsetAt(v, n - 1));
  }

  /** Whether the entries are whole and ordered. */
  boolean isConsistent(long nextOffset) throws IOException {
    if (hasPartialEntry()) {
      return false;
    }
    int n = count();
    ByteBuffer v = view();
    long prevTs = Long.MIN_VALUE;
    long prevOffset = baseOffset;
    for (int i = 0; i < n; i++) {
      long t = timestampAt(v, i);
      long o = offsetAt(v, i);
      if (t <= prevTs || o < prevOffset || o >= nextOffset) {
        return false;
      }
      prevTs = t;
      prevOffset = o;
    }
    return true;
  }

  private long offsetAt(ByteBuffer v, int i) {
    return baseOffset + v.getInt(i * ENTRY_SIZE + 8);
  }

  private static long timestampAt(ByteBuffer v, int i) {
    return v.getLong(i * ENTRY_SIZE);
  }
}
