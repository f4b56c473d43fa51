package dev.minikafka.storage.internal;

import dev.minikafka.storage.FileIo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of fixed-size index entries, kept exactly as long as its entries (never preallocated), so
 * a closed file is byte-compatible with Kafka's and a full disk shows up as a write error rather
 * than a fault in a memory mapping.
 *
 * <p>While its segment is active the entries also live in a heap buffer that grows by doubling;
 * once sealed, the heap copy is dropped and lookups read a read-only memory map of the file.
 *
 * <p>Thread-safety: one writer (under the partition's append lock) and any number of concurrent
 * readers. The writer fills an entry, then publishes the buffer and the count through volatile
 * fields; a reader reads the count first, then the buffer, and so sees at least that many entries.
 */
abstract class IndexFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final int entrySize;
  private volatile ByteBuffer entries;
  private volatile int count;
  private boolean deferWrites;

  IndexFile(Path path, FileIo io, int entrySize, boolean sealed) throws IOException {
    this.path = path;
    this.entrySize = entrySize;
    this.channel =
        io.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = channel.size();
    this.count = (int) Math.min(size / entrySize, Integer.MAX_VALUE / entrySize);
    this.entries = sealed ? map() : readIntoHeap();
  }

  /** The path of the file. */
  final Path path() {
    return path;
  }

  /** The number of entries. */
  final int count() {
    return count;
  }

  /** Whether the file holds a partial entry at its end. */
  final boolean hasPartialEntry() throws IOException {
    return channel.size() % entrySize != 0;
  }

  /** A view of the entries, at least {@link #count()} of them as read before this call. */
  final ByteBuffer view() {
    return entries;
  }

  final int entrySize() {
    return entrySize;
  }

  /** Reads the sort key (offset or timestamp) of entry {@code i} in a view. */
  @FunctionalInterface
  interface KeyReader {
    long keyAt(ByteBuffer view, int i);
  }

  /**
   * Binary search over the entries, whose keys ascend: the position of the last entry whose key is
   * at or below {@code target}, or -1 when the first is above it.
   */
  final int floorEntry(ByteBuffer view, int n, long target, KeyReader key) {
    int lo = 0;
    int hi = n - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (key.keyAt(view, mid) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Appends one entry; {@code entry} holds exactly {@link #entrySize()} bytes. */
  final void appendEntry(ByteBuffer entry) throws IOException {
    int n = count;
    if (!deferWrites) {
      writeFully(entry.duplicate(), (long) n * entrySize);
    }
    ByteBuffer buffer = entries;
    if (buffer.isReadOnly()) {
      buffer = readIntoHeap();
    }
    if (buffer.capacity() < (n + 1) * entrySize) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(64 * entrySize, buffer.capacity() * 2));
      bigger.put(0, buffer, 0, n * entrySize);
      buffer = bigger;
    }
    buffer.put(n * entrySize, entry, entry.position(), entrySize);
    entries = buffer;
    count = n + 1;
  }

  /**
   * Starts a rebuild: drops every entry and keeps new ones in memory only until {@link
   * #finishRebuild()} writes them in one go.
   */
  final void startRebuild() throws IOException {
    truncateEntries(0);
    entries = ByteBuffer.allocate(64 * entrySize);
    deferWrites = true;
  }

  /** Writes the entries gathered since {@link #startRebuild()}. */
  final void finishRebuild() throws IOException {
    deferWrites = false;
    ByteBuffer all = entries.duplicate().position(0).limit(count * entrySize);
    channel.truncate(0);
    writeFully(all, 0);
  }

  /** Keeps the first {@code n} entries. */
  final void truncateEntries(int n) throws IOException {
    if (channel.size() > (long) n * entrySize) {
      channel.truncate((long) n * entrySize);
    }
    count = Math.min(count, n);
  }

  /**
   * Switches lookups to a read-only memory map, forcing the file to disk first when {@code force}
   * (else a later {@link #flush()} makes it durable).
   */
  final void seal(boolean force) throws IOException {
    if (force) {
      channel.force(true);
    }
    entries = map();
  }

  /** Switches lookups back to a heap copy that appends can grow. */
  final void unseal() throws IOException {
    entries = readIntoHeap();
  }

  final void flush() throws IOException {
    channel.force(true);
  }

  @Override
  public final void close() throws IOException {
    channel.close();
  }

  final void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  private ByteBuffer map() throws IOException {
    int bytes = count * entrySize;
    if (bytes == 0) {
      return ByteBuffer.allocate(0).asReadOnlyBuffer();
    }
    return channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes);
  }

  private ByteBuffer readIntoHeap() throws IOException {
    int bytes = count * entrySize;
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(64 * entrySize, bytes));
    ByteBuffer target = buffer.duplicate().limit(bytes);
    long at = 0;
    while (target.hasRemaining()) {
      int n = channel.read(target, at);
      if (n < 0) {
        throw new EOFException(path + " ended at byte " + at);
      }
      at += n;
    }
    return buffer;
  }

  private void writeFully(ByteBuffer src, long position) throws IOException {
    long at = position;
    while (src.hasRemaining()) {
      at += channel.write(src, at);
    }
  }
}
