package dev.minikafka.storage.internal;

import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.storage.FileIo;
import dev.minikafka.storage.record.BatchInfo;
import dev.minikafka.storage.record.BatchScanner;
import dev.minikafka.storage.record.Batches;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment of a partition log: a {@code .log} file of record batches in Kafka's format, named by
 * its 20-digit base offset, with a sparse {@link OffsetIndex} and {@link TimeIndex} beside it.
 *
 * <p>Invariants: the log file holds whole batches from position 0 to {@link #size()}; their offsets
 * ascend from {@link #baseOffset()}; {@link #nextOffset()} is one past the last of them (the base
 * offset when empty); every index entry points inside the file.
 *
 * <p>Thread-safety: appends, truncation, sealing and recovery happen under the owning partition's
 * append lock; reads may run concurrently with appends and see a prefix of whole batches up to a
 * size the caller read from {@link #size()} (published through a volatile field after the bytes are
 * written).
 */
public final class LogSegment {
  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".index";
  static final String TIME_INDEX_SUFFIX = ".timeindex";

  private static final int SEARCH_CHUNK_BYTES = 16 * 1024;
  private static final int RECOVERY_CHUNK_BYTES = 4 * 1024 * 1024;

  private final long baseOffset;
  private final Path logPath;
  private final FileChannel log;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private final int indexIntervalBytes;

  private volatile int size;
  private volatile long nextOffset;
  private volatile long maxTimestamp = -1;
  private long offsetOfMaxTimestamp;
  private int bytesSinceLastIndexEntry;
  private boolean sealed;

  private LogSegment(Path dir, long baseOffset, FileIo io, int indexIntervalBytes, boolean sealed)
      throws IOException {
    this.baseOffset = baseOffset;
    this.indexIntervalBytes = indexIntervalBytes;
    this.sealed = sealed;
    String name = fileName(baseOffset);
    this.logPath = dir.resolve(name + LOG_SUFFIX);
    this.log =
        io.open(
            logPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long fileSize = log.size();
    if (fileSize > Integer.MAX_VALUE) {
      log.close();
      throw new CorruptRecordException(logPath + " is " + fileSize + " bytes, over 2 GiB");
    }
    this.size = (int) fileSize;
    this.nextOffset = baseOffset;
    this.offsetIndex = new OffsetIndex(dir.resolve(name + INDEX_SUFFIX), io, baseOffset, sealed);
    this.timeIndex = new TimeIndex(dir.resolve(name + TIME_INDEX_SUFFIX), io, baseOffset, sealed);
  }

  /** The 20-digit, zero-padded file name stem Kafka uses for a segment starting at an offset. */
  public static String fileName(long baseOffset) {
    return String.format("%020d", baseOffset);
  }

  /** Parses a segment file name's base offset, or -1 when the name is not a segment's. */
  public static long parseBaseOffset(String fileName, String suffix) {
    if (!fileName.endsWith(suffix) || fileName.length() != 20 + suffix.length()) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (!Character.isDigit(fileName.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(fileName.substring(0, 20));
  }

  /** Creates an empty segment; its files must not exist yet. */
  public static LogSegment create(Path dir, long baseOffset, FileIo io, int indexIntervalBytes)
      throws IOException {
    for (String suffix : List.of(LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX)) {
      Files.deleteIfExists(dir.resolve(fileName(baseOffset) + suffix));
    }
    return new LogSegment(dir, baseOffset, io, indexIntervalBytes, false);
  }

  /**
   * Opens an existing segment without reading it; the caller must then {@link #recover} it or
   * {@link #load} it.
   */
  public static LogSegment open(
      Path dir, long baseOffset, FileIo io, int indexIntervalBytes, boolean sealed)
      throws IOException {
    return new LogSegment(dir, baseOffset, io, indexIntervalBytes, sealed);
  }

  public long baseOffset() {
    return baseOffset;
  }

  /** One past the last offset held; the base offset when empty. */
  public long nextOffset() {
    return nextOffset;
  }

  /** The size of the log file in bytes, all of it whole batches. */
  public int size() {
    return size;
  }

  public Path logPath() {
    return logPath;
  }

  /** The largest record timestamp in the segment, or -1 when it has none. */
  public long maxTimestamp() {
    return maxTimestamp;
  }

  /** When the log file was last written, in milliseconds since the epoch. */
  public long lastModifiedMillis() throws IOException {
    return Files.getLastModifiedTime(logPath).toMillis();
  }

  public int offsetIndexEntries() {
    return offsetIndex.count();
  }

  /**
   * Writes whole batches at the end of the file and indexes them.
   *
   * @param bytes the batches, already given their offsets
   * @param batches their header facts, positions relative to the start of {@code bytes}
   * @throws IOException when the write fails; the file is then cut back to its previous size, so
   *     the segment holds exactly what it held before. When even that fails, the exception says so
   *     and the segment must not be used again.
   */
  public void append(ByteBuffer bytes, List<BatchInfo> batches) throws IOException {
    int start = size;
    try {
      long at = start;
      ByteBuffer src = bytes.duplicate();
      while (src.hasRemaining()) {
        at += log.write(src, at);
      }
    } catch (IOException e) {
      try {
        log.truncate(start);
      } catch (IOException again) {
        e.addSuppressed(again);
        throw new SegmentDamagedException(
            logPath + ": write failed and cutting back to " + start + " bytes failed too", e);
      }
      throw e;
    }
    for (BatchInfo b : batches) {
      index(b, start + b.position());
    }
    BatchInfo last = batches.get(batches.size() - 1);
    nextOffset = last.lastOffset() + 1;
    size = start + bytes.remaining();
  }

  private void index(BatchInfo b, int position) {
    if (b.maxTimestamp() > maxTimestamp) {
      maxTimestamp = b.maxTimestamp();
      offsetOfMaxTimestamp = b.lastOffset();
    }
    if (bytesSinceLastIndexEntry > indexIntervalBytes) {
      try {
        offsetIndex.append(b.lastOffset(), position);
        timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
      } catch (IOException e) {
        // The index is sparse: a missing entry only makes lookups scan further. A partial entry
        // left in the file is found inconsistent and rebuilt when the segment is next loaded.
        System.getLogger(LogSegment.class.getName())
            .log(System.Logger.Level.WARNING, "index write failed for " + logPath, e);
      }
      bytesSinceLastIndexEntry = 0;
    }
    bytesSinceLastIndexEntry += b.sizeInBytes();
  }

  /**
   * The position of the batch holding {@code offset} (its last offset at or past it), searching
   * below {@code limit}; -1 when no batch there reaches the offset.
   */
  public int positionOf(long offset, int limit) throws IOException {
    OffsetIndex.Entry start = offsetIndex.lookup(offset);
    if (start.position() >= limit) {
      return -1;
    }
    int[] found = {-1};
    new BatchScanner(log, logPath.toString(), SEARCH_CHUNK_BYTES)
        .scanHeaders(
            start.position(),
            limit,
            Long.MIN_VALUE + 1,
            (batch, bytes) -> {
              if (batch.lastOffset() >= offset) {
                found[0] = batch.position();
                return false;
              }
              return true;
            });
    return found[0];
  }

  /**
   * Reads whole batches from {@code position}: as many as fit in {@code maxBytes}, and nothing at
   * or past {@code limit}. When the first batch alone is larger than {@code maxBytes} it comes
   * whole if {@code minOneBatch}, else nothing does (an empty buffer): a reader that already holds
   * part of its answer then reads no batch it would only drop.
   */
  public ByteBuffer read(int position, int maxBytes, int limit, boolean minOneBatch)
      throws IOException {
    if (!minOneBatch && maxBytes < limit - position) {
      // Such a read usually fills what an earlier read left of an answer, often too little for
      // the next batch: its length field alone (one small read) says whether to read on.
      if (firstBatchSize(position, limit) > maxBytes) {
        return ByteBuffer.allocate(0);
      }
    }
    int length = Math.min(Math.max(maxBytes, Batches.LOG_OVERHEAD), limit - position);
    ByteBuffer buffer = readFully(position, length);
    int whole = Batches.completePrefixLength(buffer);
    if (whole == 0) {
      int first = firstBatchSize(buffer, position, limit);
      return minOneBatch ? readFully(position, first) : buffer.limit(0);
    }
    return buffer.limit(whole);
  }

  /** The size of the batch at {@code position}, read from its length field. */
  private int firstBatchSize(int position, int limit) throws IOException {
    return firstBatchSize(
        readFully(position, Math.min(Batches.LOG_OVERHEAD, limit - position)), position, limit);
  }

  /**
   * The size of the batch that {@code buffer}, read at {@code position}, starts with.
   *
   * @throws CorruptRecordException when its length field is too small for a batch or passes {@code
   *     limit}
   */
  private int firstBatchSize(ByteBuffer buffer, int position, int limit) {
    int first = Batches.firstBatchSize(buffer);
    if (first < Batches.BATCH_HEADER_BYTES || first > limit - position) {
      throw new CorruptRecordException(
          logPath + " at byte " + position + ": batch length field says " + first + " bytes");
    }
    return first;
  }

  private ByteBuffer readFully(int position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = log.read(buffer, at);
      if (n < 0) {
        throw new EOFException(logPath + " ended at byte " + at);
      }
      at += n;
    }
    return buffer.flip();
  }

  /**
   * The offset of the first record at or after {@code position} whose timestamp is at least {@code
   * timestamp}, or -1 when there is none in this segment.
   */
  public long offsetForTimestamp(long timestamp, int limit) throws IOException {
    if (maxTimestamp < timestamp) {
      return -1;
    }
    TimeIndex.Entry from = timeIndex.lookup(timestamp);
    int position = Math.max(0, positionOf(from.offset(), limit));
    long[] found = {-1};
    new BatchScanner(log, logPath.toString(), SEARCH_CHUNK_BYTES)
        .scan(
            position,
            limit,
            Long.MIN_VALUE + 1,
            false,
            (batch, bytes) -> {
              if (batch.maxTimestamp() >= timestamp) {
                found[0] = Batches.firstOffsetAtOrAfter(bytes, timestamp);
                return false;
              }
              return true;
            });
    return found[0];
  }

  /**
   * Rebuilds the indexes and counters from the log, checking each batch's CRC and offsets when
   * {@code validate} is set.
   *
   * @return how the scan ended; when it found a bad batch, the segment's state covers the batches
   *     before it, and the caller decides whether to {@link #truncateBytes cut} or to report
   */
  public BatchScanner.Outcome recover(boolean validate) throws IOException {
    return recover(validate, false);
  }

  /**
   * Recovers the segment the log was appending to when it stopped uncleanly: {@link
   * #recover(boolean) recover(true)}, and the batches must also be dense from the segment's base
   * offset (the engine appends each batch at the log end, so a gap can only be damage, e.g. a
   * flipped bit in a base offset, which the CRC does not cover).
   */
  public BatchScanner.Outcome recoverUncleanTail() throws IOException {
    return recover(true, true);
  }

  private BatchScanner.Outcome recover(boolean validate, boolean dense) throws IOException {
    offsetIndex.startRebuild();
    timeIndex.startRebuild();
    maxTimestamp = -1;
    offsetOfMaxTimestamp = baseOffset;
    bytesSinceLastIndexEntry = 0;
    nextOffset = baseOffset;
    BatchScanner.Outcome outcome;
    ReadAhead readAhead = ReadAhead.start(log, size);
    try {
      outcome =
          new BatchScanner(log, logPath.toString(), RECOVERY_CHUNK_BYTES)
              .scan(
                  0,
                  size,
                  baseOffset,
                  validate,
                  dense,
                  (batch, bytes) -> {
                    index(batch, batch.position());
                    nextOffset = batch.lastOffset() + 1;
                    return true;
                  });
    } finally {
      readAhead.close();
    }
    // Like seal() and Kafka's recovery, end the time index with the largest timestamp: load() takes
    // it from there, and after a crash a rebuilt sealed segment would otherwise understate it.
    timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
    offsetIndex.finishRebuild();
    timeIndex.finishRebuild();
    if (sealed) {
      offsetIndex.seal(true);
      timeIndex.seal(true);
    }
    return outcome;
  }

  /**
   * Loads a segment whose files were closed cleanly: checks the indexes against the log and
   * rebuilds them when they do not fit; finds the next offset from the last index entry.
   *
   * @throws CorruptRecordException when a rebuild meets a bad batch, naming file and position
   */
  public void load() throws IOException {
    if (!offsetIndex.isConsistent(size)) {
      rebuildOrFail();
      return;
    }
    OffsetIndex.Entry last = offsetIndex.last();
    long[] next = {baseOffset};
    // Replays index()'s rule from the last entry: a batch that should have an entry but has none
    // means entries are missing (a deleted index that open recreated empty, a cut-short rebuild).
    int[] sinceEntry = {0};
    boolean[] missing = {false};
    BatchScanner.Outcome tail =
        new BatchScanner(log, logPath.toString(), SEARCH_CHUNK_BYTES)
            .scanHeaders(
                last.position(),
                size,
                baseOffset,
                (batch, bytes) -> {
                  if (sinceEntry[0] > indexIntervalBytes) {
                    missing[0] = true;
                    return false;
                  }
                  sinceEntry[0] += batch.sizeInBytes();
                  next[0] = batch.lastOffset() + 1;
                  return true;
                });
    if (tail.failed() || missing[0]) {
      rebuildOrFail();
      return;
    }
    nextOffset = next[0];
    bytesSinceLastIndexEntry = sinceEntry[0];
    TimeIndex.Entry lastTime = timeIndex.last();
    if (size > 0 && (lastTime == null || !timeIndex.isConsistent(nextOffset))) {
      rebuildOrFail();
      return;
    }
    if (lastTime != null) {
      maxTimestamp = lastTime.timestamp();
      offsetOfMaxTimestamp = lastTime.offset();
    }
  }

  private void rebuildOrFail() throws IOException {
    BatchScanner.Outcome outcome = recover(true);
    if (outcome.failed()) {
      throw new CorruptRecordException(
          "corrupt batch in a segment that was closed cleanly or sealed; not cut: "
              + outcome.problem());
    }
  }

  /**
   * Checks every batch's CRC and offsets without changing anything.
   *
   * @return the problem found, or null
   */
  public String verify() throws IOException {
    BatchScanner.Outcome outcome =
        new BatchScanner(log, logPath.toString(), RECOVERY_CHUNK_BYTES)
            .scan(0, size, baseOffset, true, (batch, bytes) -> true);
    return outcome.problem();
  }

  /**
   * Cuts the log file where the {@link #recover} that just ran stopped: that scan left the indexes
   * and counters covering exactly the batches before {@code validEnd}, so unlike {@link
   * #truncateBytes} this does not read the segment again.
   */
  public void cutAfterRecovery(int validEnd) throws IOException {
    log.truncate(validEnd);
    size = validEnd;
  }

  /** Cuts the log file to {@code newSize} bytes, a batch boundary, and rebuilds the indexes. */
  public void truncateBytes(int newSize) throws IOException {
    log.truncate(newSize);
    size = newSize;
    recover(false);
  }

  /**
   * Removes every batch whose last offset is at or above {@code offset}.
   *
   * @return the new next offset
   */
  public long truncateTo(long offset) throws IOException {
    int position = positionOf(offset, size);
    if (position >= 0) {
      truncateBytes(position);
    }
    return nextOffset;
  }

  /** Forces the log file's data to disk. */
  public void flush() throws IOException {
    log.force(false);
  }

  /**
   * Records the segment's largest timestamp in its time index, the one write sealing needs. When it
   * fails (a full disk) the segment is as it was and can go on taking appends.
   */
  public void appendFinalTimeIndexEntry() throws IOException {
    timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
  }

  /**
   * Makes the segment read-only for good: records its largest timestamp in the time index, forces
   * everything to disk when {@code force} and switches the indexes to memory maps. A segment sealed
   * without a force is made durable later by {@link #flushAll()}.
   */
  public void seal(boolean force) throws IOException {
    timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
    if (force) {
      log.force(false);
    }
    offsetIndex.seal(force);
    timeIndex.seal(force);
    sealed = true;
  }

  /** Forces the log file and both indexes to disk. */
  public void flushAll() throws IOException {
    log.force(false);
    offsetIndex.flush();
    timeIndex.flush();
  }

  /** Lets a sealed segment take appends again (after a truncation into it). */
  public void unseal() throws IOException {
    offsetIndex.unseal();
    timeIndex.unseal();
    sealed = false;
  }

  /** Forces everything, then closes the files. */
  public void close() throws IOException {
    try (log;
        offsetIndex;
        timeIndex) {
      if (log.isOpen()) {
        timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
        log.force(false);
        offsetIndex.flush();
        timeIndex.flush();
      }
    }
  }

  /** Closes the files without flushing, for a log that failed. */
  public void closeQuietly() {
    for (AutoCloseable c : new AutoCloseable[] {log, offsetIndex, timeIndex}) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Already failing; the first error is the one reported.
      }
    }
  }

  /** Closes and deletes the segment's files. */
  public void delete() throws IOException {
    log.close();
    offsetIndex.delete();
    timeIndex.delete();
    Files.deleteIfExists(logPath);
  }

  @Override
  public String toString() {
    return "LogSegment[" + logPath + ", size=" + size + ", next=" + nextOffset + "]";
  }

  /** A segment whose file is in an unknown state after a failed write and failed repair. */
  public static final class SegmentDamagedException extends IOException {
    SegmentDamagedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
