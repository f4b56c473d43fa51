package dev.minikafka.storage;

import dev.minikafka.core.Futures;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.RecordTooLargeException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.storage.internal.Flushers;
import dev.minikafka.storage.internal.IoErrors;
import dev.minikafka.storage.internal.LogSegment;
import dev.minikafka.storage.record.BatchInfo;
import dev.minikafka.storage.record.BatchScanner;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.FetchedRecords;
import dev.minikafka.storage.record.IncomingBatches;
import dev.minikafka.storage.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The log of one partition: a directory of segments holding record batches at dense, increasing
 * offsets.
 *
 * <p>Offsets: {@link #logStartOffset()} is the first offset still kept; {@link #logEndOffset()} the
 * next offset to assign; {@link #highWatermark()} one past the last offset readers may see. Under
 * {@link FlushPolicy.Always} the high watermark only covers data an fsync has made durable; under
 * the other policies it follows the log end at once.
 *
 * <p>Durability: under {@link FlushPolicy.Always} a segment is forced to disk when it is sealed,
 * before the next one is created; under the other policies a flush on a flusher thread forces it
 * soon after, off the append path. The recovery point (every offset below it forced) only moves
 * past a segment once it is forced, so after a crash the segments that may hold offsets at or past
 * it are validated batch by batch: a torn tail is cut, and segments after a cut go with it (offsets
 * stay dense). A bad batch below the recovery point is an error, never cut.
 *
 * <p>Thread-safety: safe for concurrent use. Appends are serialized by an append lock. Under {@link
 * FlushPolicy.Always} an append then waits, outside it, for a shared fsync (group commit): one
 * flusher task, on a platform thread of its own, forces everything written so far, completes every
 * append that force covered, and starts again at once while appends are waiting. Request threads
 * never run an fsync themselves, so a virtual thread never blocks its carrier in one and only the
 * appends a force covered are woken. Reads take no lock but a read lock that keeps segments from
 * being deleted under them.
 */
public final class PartitionLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());

  /** Where readers may read up to, and for which generation of truncations. */
  private record Position(long offset, LogSegment segment, int position, long generation) {}

  private final Path dir;
  private final TopicPartition topicPartition;
  private final LogOptions options;
  private volatile LogConfig config;

  private final ReentrantLock appendLock = new ReentrantLock();
  private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();
  private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

  /** Guarded by appendLock for writes. */
  private volatile LogSegment active;

  /** Guarded by appendLock for writes. */
  private volatile long logEndOffset;

  /**
   * When the active segment took its first append, by the log's clock; after a restart, when its
   * file was last written. Segment age for {@code segment.ms} counts from here, not from record
   * timestamps, so records with old timestamps do not roll a segment per append. Guarded by
   * appendLock.
   */
  private long activeSince = -1;

  /** Counts truncations, so a flush that began before one cannot publish stale positions. */
  private final AtomicLong generation = new AtomicLong();

  private volatile boolean dirty;
  private volatile StorageException failure;
  private volatile boolean closed;

  private final Object flushMonitor = new Object();

  /** Guarded by flushMonitor. */
  private long flushedOffset;

  /**
   * Segments sealed without an fsync (not under flush=always), oldest first, until a flush forces
   * them; the recovery point stays below their data meanwhile. Guarded by appendLock.
   */
  private final List<LogSegment> unflushedSealed = new ArrayList<>();

  /**
   * Whether segment files were created since the directory was last forced. Guarded by appendLock.
   */
  private boolean directoryUnflushed;

  /** Told when a sealed segment became durable, so the recovery point can be recorded promptly. */
  private volatile Runnable segmentFlushedListener = () -> {};

  /** Guarded by flushMonitor. */
  private boolean flushing;

  /**
   * Appends waiting for an fsync, in offset order (they are queued under the append lock). Guarded
   * by flushMonitor.
   */
  private final ArrayDeque<DurabilityWaiter> waiters = new ArrayDeque<>();

  /** Whether a flusher task is queued or running. Guarded by flushMonitor. */
  private boolean flusherScheduled;

  /** An append waiting for the fsync that covers offsets below {@code end}. */
  private record DurabilityWaiter(
      long end, AppendResult result, CompletableFuture<AppendResult> future) {}

  /** Written under flushMonitor; read anywhere. */
  private volatile Position visible;

  private PartitionLog(
      Path dir, TopicPartition topicPartition, LogConfig config, LogOptions options) {
    this.dir = dir;
    this.topicPartition = topicPartition;
    this.config = config;
    this.options = options;
  }

  /**
   * Opens the log in {@code dir}, creating the directory and a first segment if needed.
   *
   * @param cleanShutdown whether the log was closed cleanly; if not, every segment is validated
   *     batch by batch and cut at the first bad batch (later overloads: only those that may hold
   *     offsets past the recovery point)
   * @throws CorruptRecordException when a sealed segment holds a bad batch (named by file and byte
   *     position), which is reported and never cut
   * @throws StorageException when the files cannot be read or written
   */
  public static PartitionLog open(
      Path dir,
      TopicPartition topicPartition,
      LogConfig config,
      LogOptions options,
      boolean cleanShutdown) {
    return open(dir, topicPartition, config, options, cleanShutdown, 0);
  }

  /**
   * Opens the log as {@link #open(Path, TopicPartition, LogConfig, LogOptions, boolean)} does,
   * knowing that every offset below {@code recoveryPoint} had been forced to disk: a bad batch
   * found below it after an unclean stop is corruption of durable data, reported and never cut.
   */
  public static PartitionLog open(
      Path dir,
      TopicPartition topicPartition,
      LogConfig config,
      LogOptions options,
      boolean cleanShutdown,
      long recoveryPoint) {
    PartitionLog log = new PartitionLog(dir, topicPartition, config, options);
    try {
      log.load(cleanShutdown, recoveryPoint);
    } catch (IOException e) {
      log.closeSegmentsQuietly();
      throw new StorageException("cannot open log " + dir + ": " + describe(e), e);
    } catch (RuntimeException e) {
      log.closeSegmentsQuietly();
      throw e;
    }
    return log;
  }

  private void load(boolean cleanShutdown, long recoveryPoint) throws IOException {
    Files.createDirectories(dir);
    TreeSet<Long> bases = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        long base = LogSegment.parseBaseOffset(f.getFileName().toString(), ".log");
        if (base >= 0) {
          bases.add(base);
        }
      }
    }
    int interval = config.indexIntervalBytes();
    if (bases.isEmpty()) {
      LogSegment first = LogSegment.create(dir, 0, options.io(), interval);
      options.io().fsyncDirectory(dir);
      segments.put(0L, first);
    } else {
      List<Long> ordered = List.copyOf(bases);
      for (int i = 0; i < ordered.size(); i++) {
        long base = ordered.get(i);
        boolean last = i == ordered.size() - 1;
        // A segment that may hold offsets at or past the recovery point may not have reached the
        // disk whole: only flush=always forces a segment when sealing it.
        boolean unflushed = !cleanShutdown && (last || ordered.get(i + 1) > recoveryPoint);
        LogSegment segment =
            LogSegment.open(dir, base, options.io(), interval, !last && !unflushed);
        segments.put(base, segment);
        if (!unflushed) {
          segment.load();
          continue;
        }
        boolean intact = recoverTail(segment, recoveryPoint);
        if (last) {
          break;
        }
        long nextBase = ordered.get(i + 1);
        if (!intact || segment.nextOffset() != nextBase) {
          deleteSegmentFilesAfterGap(segment, ordered.subList(i + 1, ordered.size()));
          break;
        }
        segment.seal(true);
      }
      checkSegmentsDoNotOverlap();
    }
    active = segments.lastEntry().getValue();
    if (active.size() > 0) {
      activeSince = Math.min(active.lastModifiedMillis(), options.clock().milliseconds());
    }
    logEndOffset = active.nextOffset();
    flushedOffset = logEndOffset;
    visible = new Position(logEndOffset, active, active.size(), generation.get());
  }

  /**
   * Validates a segment that may not have reached the disk whole, cutting it at its first bad
   * batch, and forces what is left.
   *
   * @return whether it ended with an intact batch (nothing was cut)
   * @throws CorruptRecordException when the bad batch lies below the recovery point
   */
  private boolean recoverTail(LogSegment segment, long recoveryPoint) throws IOException {
    BatchScanner.Outcome outcome = segment.recoverUncleanTail();
    if (outcome.failed() && outcome.lastOffset() + 1 < recoveryPoint) {
      throw new CorruptRecordException(
          outcome.problem()
              + "; offsets up to "
              + (recoveryPoint - 1)
              + " had been flushed to disk, so this is corruption of durable data: not cut");
    }
    if (outcome.failed()) {
      int cut = segment.size() - outcome.validEnd();
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: recovery cut {1} bytes at the end of the last segment after an unclean stop: {2}",
          topicPartition,
          cut,
          outcome.problem());
      segment.cutAfterRecovery(outcome.validEnd());
    }
    segment.flush();
    return !outcome.failed();
  }

  /**
   * Deletes the segments after one whose end was lost in a crash: offsets stay dense, so what
   * followed the gap goes too. None of it was below the recovery point (it was never flushed), so
   * no acknowledged write under flush=always is among it.
   */
  private void deleteSegmentFilesAfterGap(LogSegment cut, List<Long> laterBases)
      throws IOException {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: after an unclean stop {1} ends at offset {2}; deleting the {3} later segments that"
            + " followed the lost data",
        topicPartition,
        cut.logPath(),
        cut.nextOffset(),
        laterBases.size());
    for (long base : laterBases) {
      LogSegment.open(dir, base, options.io(), config.indexIntervalBytes(), false).delete();
    }
    options.io().fsyncDirectory(dir);
  }

  private void checkSegmentsDoNotOverlap() {
    LogSegment previous = null;
    for (LogSegment s : segments.values()) {
      if (previous != null && previous.nextOffset() > s.baseOffset()) {
        throw new CorruptRecordException(
            previous.logPath()
                + " holds offsets up to "
                + (previous.nextOffset() - 1)
                + ", past the next segment's base offset "
                + s.baseOffset());
      }
      previous = s;
    }
  }

  /** The partition this log holds. */
  public TopicPartition topicPartition() {
    return topicPartition;
  }

  /** The directory of this log's segments. */
  public Path dir() {
    return dir;
  }

  /** The configuration in force. */
  public LogConfig config() {
    return config;
  }

  /** Replaces the configuration; it applies from the next append, roll or retention check. */
  public void updateConfig(LogConfig newConfig) {
    this.config = newConfig;
  }

  /** The first offset still in the log. */
  public long logStartOffset() {
    return segments.firstKey();
  }

  /** The next offset an append will assign. */
  public long logEndOffset() {
    return logEndOffset;
  }

  /** One past the last offset readers may see. */
  public long highWatermark() {
    return visible.offset();
  }

  /** The bytes of all segments. */
  public long sizeInBytes() {
    long total = 0;
    for (LogSegment s : segments.values()) {
      total += s.size();
    }
    return total;
  }

  /** The number of segments, the active one included. */
  public int segmentCount() {
    return segments.size();
  }

  /**
   * Encodes records into one batch and appends it.
   *
   * @see #append(ByteBuffer)
   */
  public AppendResult append(List<RecordData> records, Compression compression) {
    return Futures.join(appendAsync(records, compression));
  }

  /**
   * Encodes records into one batch and writes it, returning before the fsync that makes it durable:
   * the future completes when the append is acknowledged under the flush policy (at once under
   * {@code never} and {@code interval}), or exceptionally with a {@link StorageException} when the
   * fsync fails. Offsets are assigned before this method returns, in call order.
   *
   * @throws dev.minikafka.core.errors.RecordTooLargeException for a batch over {@code
   *     max.message.bytes}; nothing is appended
   * @throws StorageException when the write fails; nothing is appended
   */
  public CompletableFuture<AppendResult> appendAsync(
      List<RecordData> records, Compression compression) {
    return appendEncodedAsync(Batches.encodeForAppend(records, compression));
  }

  /**
   * Appends a batch this process encoded with {@link Batches#encodeForAppend}, as {@link
   * #appendAsync(List, Compression)} does; for callers that encode first to check every batch of a
   * request before writing any.
   *
   * @throws dev.minikafka.core.errors.RecordTooLargeException for a batch over {@code
   *     max.message.bytes}; nothing is appended
   * @throws StorageException when the write fails; nothing is appended
   */
  public CompletableFuture<AppendResult> appendEncodedAsync(IncomingBatches batch) {
    int max = config.maxMessageBytes();
    if (batch.sizeInBytes() > max) {
      throw new RecordTooLargeException(
          "the batch is "
              + batch.sizeInBytes()
              + " bytes; the limit is "
              + max
              + " (max.message.bytes)");
    }
    return appendAsync(batch);
  }

  /**
   * Validates record batches that came from outside and appends them, giving them consecutive
   * offsets from the log end. Only each batch's base offset and leader epoch are rewritten.
   *
   * <p>Under {@link FlushPolicy.Always} it returns once an fsync covers the batches.
   *
   * @throws dev.minikafka.core.errors.CorruptRecordException for bytes that are not whole, intact
   *     v2 batches; nothing is appended
   * @throws dev.minikafka.core.errors.RecordTooLargeException for a batch over {@code
   *     max.message.bytes}; nothing is appended
   * @throws StorageException when the disk fails or is full; nothing is appended
   */
  public AppendResult append(ByteBuffer batches) {
    return Futures.join(appendAsync(Batches.validate(batches, config.maxMessageBytes())));
  }

  /**
   * Validates and writes batches as {@link #append(ByteBuffer)} does, returning before the fsync;
   * see {@link #appendAsync(List, Compression)} for when the future completes.
   */
  public CompletableFuture<AppendResult> appendAsync(ByteBuffer batches) {
    return appendAsync(Batches.validate(batches, config.maxMessageBytes()));
  }

  private CompletableFuture<AppendResult> appendAsync(IncomingBatches batches) {
    long first;
    long end;
    CompletableFuture<AppendResult> acknowledged;
    appendLock.lock();
    try {
      checkWritable();
      maybeRoll(batches.sizeInBytes(), batches.offsetCount());
      first = logEndOffset;
      List<BatchInfo> infos = batches.assignOffsets(first, 0);
      LogSegment segment = active;
      try {
        segment.append(batches.buffer(), infos);
      } catch (LogSegment.SegmentDamagedException e) {
        throw fail("write to " + segment.logPath() + " failed and could not be undone", e);
      } catch (IOException e) {
        throw new StorageException(
            "write to " + segment.logPath() + " failed: " + describe(e) + "; nothing was appended",
            e);
      }
      end = first + batches.offsetCount();
      if (activeSince < 0) {
        activeSince = options.clock().milliseconds();
      }
      logEndOffset = end;
      dirty = true;
      AppendResult result = new AppendResult(first, end - 1, batches.offsetCount());
      if (options.flushPolicy() instanceof FlushPolicy.Always) {
        acknowledged = new CompletableFuture<>();
        awaitFlush(new DurabilityWaiter(end, result, acknowledged));
      } else {
        publish(new Position(end, segment, segment.size(), generation.get()));
        acknowledged = CompletableFuture.completedFuture(result);
      }
    } finally {
      appendLock.unlock();
    }
    return acknowledged;
  }

  /**
   * Queues an append for the flusher, starting the flusher task if none is queued or running.
   * Called under the append lock, so the queue stays in offset order.
   */
  private void awaitFlush(DurabilityWaiter waiter) {
    synchronized (flushMonitor) {
      if (failure != null) {
        // The log failed while this append was being written: fail() has already settled the
        // waiters it knew, and no flusher will run again.
        waiter.future().completeExceptionally(failure);
        return;
      }
      waiters.addLast(waiter);
      if (!flusherScheduled) {
        flusherScheduled = true;
        Flushers.execute(this::runFlusher);
      }
    }
  }

  /**
   * The flusher task: forces the log while appends wait for it, each force covering every append
   * written before it began. Ends when no append waits; {@link #awaitFlush} starts it again.
   */
  private void runFlusher() {
    while (true) {
      synchronized (flushMonitor) {
        while (!awaitNoFlushLocked()) {
          // Nothing of ours interrupts a flusher; appends wait on it, so it carries on regardless.
          Thread.interrupted();
        }
        if (waiters.isEmpty() || failure != null) {
          flusherScheduled = false;
          return;
        }
        flushing = true;
      }
      try {
        flushAndPublish();
      } catch (StorageException e) {
        // fail() already failed every waiter and logged the cause.
      }
    }
  }

  private void maybeRoll(int incomingBytes, int offsetCount) {
    LogSegment segment = active;
    LogConfig c = config;
    if (segment.size() == 0) {
      return;
    }
    boolean full = (long) segment.size() + incomingBytes > c.segmentBytes();
    boolean old = activeSince >= 0 && options.clock().milliseconds() - activeSince > c.segmentMs();
    boolean indexFull = segment.offsetIndexEntries() >= c.segmentIndexBytes() / 8;
    boolean relativeOverflow =
        logEndOffset + offsetCount - 1 - segment.baseOffset() > Integer.MAX_VALUE;
    if (full || old || indexFull || relativeOverflow) {
      rollLocked();
    }
  }

  /** Seals the active segment and starts a new one at the log end, if the active one has data. */
  public void roll() {
    appendLock.lock();
    try {
      checkWritable();
      if (active.size() > 0) {
        rollLocked();
      }
    } finally {
      appendLock.unlock();
    }
  }

  private void rollLocked() {
    LogSegment old = active;
    LogSegment next;
    try {
      old.appendFinalTimeIndexEntry();
    } catch (IOException e) {
      // A failed write, not a failed fsync: nothing is lost and the segment stays active.
      throw new StorageException(
          "rolling " + old.logPath() + " failed: " + describe(e) + "; it stays the active segment",
          e);
    }
    // Under flush=always appends wait for an fsync anyway, and sealing covers every one of them;
    // under the other policies the seal's fsyncs (a whole segment's worth) would stall appends,
    // so they are left to a flush on a flusher thread, as the recovery point stays behind them.
    boolean forceNow = options.flushPolicy() instanceof FlushPolicy.Always;
    try {
      old.seal(forceNow);
      next = LogSegment.create(dir, logEndOffset, options.io(), config.indexIntervalBytes());
      if (forceNow) {
        options.io().fsyncDirectory(dir);
      } else {
        unflushedSealed.add(old);
        directoryUnflushed = true;
      }
    } catch (IOException e) {
      throw fail("rolling " + old.logPath() + " failed", e);
    }
    segmentsLock.writeLock().lock();
    try {
      segments.put(next.baseOffset(), next);
      active = next;
      activeSince = -1;
    } finally {
      segmentsLock.writeLock().unlock();
    }
    if (!forceNow) {
      publish(new Position(logEndOffset, next, 0, generation.get()));
      Flushers.execute(this::flushInBackground);
      return;
    }
    List<DurabilityWaiter> covered;
    synchronized (flushMonitor) {
      flushedOffset = Math.max(flushedOffset, logEndOffset);
      covered = takeCovered();
    }
    publish(new Position(logEndOffset, next, 0, generation.get()));
    for (DurabilityWaiter w : covered) {
      w.future().complete(w.result());
    }
    segmentFlushedListener.run();
  }

  /**
   * Sets what to call, on the thread that made it so, each time a sealed segment has been forced to
   * disk: the recovery point then moved past it. It must return quickly.
   */
  void onSegmentFlushed(Runnable listener) {
    segmentFlushedListener = listener;
  }

  /** {@link #flush()} on a flusher thread, where a failure has nobody to tell but the log. */
  private void flushInBackground() {
    try {
      flush();
    } catch (StorageException e) {
      // fail() took the log offline and logged the cause; appends now see the failure.
    }
  }

  /**
   * Forces the segments sealed without a force, the directory when segments were created since, and
   * the active segment; the caller holds the flushing role and gives it up here. Every append
   * written before the snapshot is covered, including those in segments sealed since, as sealing
   * under flush=always forces a segment before the next one is created.
   */
  private void flushAndPublish() {
    Position target = null;
    StorageException error = null;
    boolean flushedSegments = false;
    try {
      List<LogSegment> sealedBefore;
      boolean syncDirectory;
      appendLock.lock();
      try {
        target = new Position(logEndOffset, active, active.size(), generation.get());
        dirty = false;
        sealedBefore = List.copyOf(unflushedSealed);
        syncDirectory = directoryUnflushed;
        directoryUnflushed = false;
      } finally {
        appendLock.unlock();
      }
      flushSealed(sealedBefore);
      if (syncDirectory) {
        options.io().fsyncDirectory(dir);
      }
      target.segment().flush();
      if (!sealedBefore.isEmpty()) {
        appendLock.lock();
        try {
          unflushedSealed.removeAll(sealedBefore);
        } finally {
          appendLock.unlock();
        }
        flushedSegments = true;
      }
    } catch (ClosedChannelException e) {
      if (!closed) {
        error = failFsync("fsync of " + target.segment().logPath() + " failed", e);
      }
      // Else close() forced the segment first and settled every waiting append.
    } catch (IOException e) {
      error = failFsync("fsync of " + target.segment().logPath() + " failed", e);
    } finally {
      List<DurabilityWaiter> covered = List.of();
      synchronized (flushMonitor) {
        if (error == null && target != null && target.generation() == generation.get()) {
          flushedOffset = Math.max(flushedOffset, target.offset());
          publish(target);
          covered = takeCovered();
        }
        flushing = false;
        flushMonitor.notifyAll();
      }
      for (DurabilityWaiter w : covered) {
        w.future().complete(w.result());
      }
    }
    if (error != null) {
      throw error;
    }
    if (flushedSegments) {
      segmentFlushedListener.run();
    }
  }

  /**
   * Forces segments sealed without a force. One that retention or a truncation deleted meanwhile
   * (its channel closed under the force) needs nothing more.
   */
  private void flushSealed(List<LogSegment> sealed) throws IOException {
    for (LogSegment s : sealed) {
      try {
        s.flushAll();
      } catch (ClosedChannelException e) {
        if (segments.get(s.baseOffset()) == s) {
          throw e;
        }
      }
    }
  }

  /**
   * {@link #fail} for a failed fsync: marks the log failed first (no append starts after this),
   * then {@link #cutUnflushed cuts} what the fsync did not cover, and only then fails the waiting
   * appends, so that none of their callers hears "not stored" while the bytes are still there.
   */
  private StorageException failFsync(String what, IOException cause) {
    synchronized (flushMonitor) {
      if (failure == null) {
        failure = failure(what, cause);
      }
    }
    cutUnflushed();
    return fail(what, cause);
  }

  /**
   * After a failed fsync: cuts the active segment back to the end of what readers may see (under
   * {@code flush=always}, what the last successful fsync covered), so that the appends the failure
   * refused do not come back after a restart: a crash of the process leaves them in the page cache,
   * and recovery would find them whole. Their callers were told that nothing was stored. Best
   * effort: the log stays failed either way, and if the cut fails too, the refused appends may
   * reappear.
   */
  private void cutUnflushed() {
    appendLock.lock();
    segmentsLock.writeLock().lock();
    try {
      Position end = visible;
      if (end.segment() == active && active.size() > end.position()) {
        active.truncateBytes(end.position());
        logEndOffset = end.offset();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: could not cut the appends a failed fsync refused; they may reappear after a"
              + " restart: {1}",
          topicPartition,
          e.getMessage());
    } finally {
      segmentsLock.writeLock().unlock();
      appendLock.unlock();
    }
  }

  /** Removes and returns the waiting appends that {@code flushedOffset} covers. */
  private List<DurabilityWaiter> takeCovered() {
    if (waiters.isEmpty() || waiters.peekFirst().end() > flushedOffset) {
      return List.of();
    }
    List<DurabilityWaiter> covered = new ArrayList<>();
    while (!waiters.isEmpty() && waiters.peekFirst().end() <= flushedOffset) {
      covered.add(waiters.pollFirst());
    }
    return covered;
  }

  /** Fails every waiting append with {@code cause}; call outside flushMonitor. */
  private static void failAll(List<DurabilityWaiter> failed, StorageException cause) {
    for (DurabilityWaiter w : failed) {
      w.future().completeExceptionally(cause);
    }
  }

  /** Moves the high watermark forward to {@code p}, unless it is behind or from before a cut. */
  private void publish(Position p) {
    synchronized (flushMonitor) {
      Position current = visible;
      if (p.generation() == current.generation() && p.offset() > current.offset()) {
        visible = p;
      }
    }
  }

  /**
   * Forces unflushed data to disk. Under {@link FlushPolicy.Always} there is none to force; under
   * the others this is what the interval task and a clean close call.
   */
  public void flush() {
    if (failure != null || closed) {
      return;
    }
    synchronized (flushMonitor) {
      if (!awaitNoFlushLocked()) {
        return;
      }
      flushing = true;
    }
    flushAndPublish();
  }

  /**
   * Waits, holding flushMonitor, until no flush runs. Returns false, with the interrupt flag set,
   * when interrupted first.
   */
  private boolean awaitNoFlushLocked() {
    while (flushing) {
      try {
        flushMonitor.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Every offset below this one has been forced to disk. */
  public long recoveryPoint() {
    synchronized (flushMonitor) {
      return flushedOffset;
    }
  }

  /** Whether appends were written since the last fsync. */
  public boolean hasUnflushedData() {
    return dirty;
  }

  /**
   * Reads whole batches from the one holding {@code offset}: as many as fit in {@code maxBytes},
   * but at least one, all below the high watermark, from a single segment.
   *
   * @throws OffsetOutOfRangeException when the offset is below the log start or past the high
   *     watermark
   */
  public LogReadResult read(long offset, int maxBytes) {
    return read(offset, maxBytes, true);
  }

  /**
   * Reads as {@link #read(long, int)} does, except that without {@code minOneBatch} a first batch
   * larger than {@code maxBytes} is not read at all: the records come back empty (as Kafka's reads
   * without {@code minOneMessage}). For a reader filling the rest of an answer that already holds
   * something, which would drop such a batch anyway.
   *
   * @throws OffsetOutOfRangeException when the offset is below the log start or past the high
   *     watermark
   */
  public LogReadResult read(long offset, int maxBytes, boolean minOneBatch) {
    Position end = visible;
    segmentsLock.readLock().lock();
    try {
      long start = logStartOffset();
      if (offset < start || offset > end.offset()) {
        throw new OffsetOutOfRangeException(
            "offset "
                + offset
                + " is outside "
                + topicPartition
                + "'s range ["
                + start
                + ", "
                + end.offset()
                + "]");
      }
      if (offset < end.offset()) {
        Map.Entry<Long, LogSegment> e = segments.floorEntry(offset);
        while (e != null && e.getKey() <= end.segment().baseOffset()) {
          LogSegment segment = e.getValue();
          int limit = segment == end.segment() ? end.position() : segment.size();
          int position = segment.positionOf(offset, limit);
          if (position >= 0) {
            ByteBuffer bytes = segment.read(position, maxBytes, limit, minOneBatch);
            return new LogReadResult(
                new FetchedRecords(bytes, segment.logPath().toString(), position),
                end.offset(),
                start);
          }
          e = segments.higherEntry(e.getKey());
        }
      }
      return new LogReadResult(FetchedRecords.empty(), end.offset(), start);
    } catch (IOException e) {
      throw new StorageException("read of " + topicPartition + " failed: " + describe(e), e);
    } finally {
      segmentsLock.readLock().unlock();
    }
  }

  /**
   * The offset of the first record whose timestamp is at least {@code timestamp}, among those
   * readers may see; empty when there is none.
   */
  public OptionalLong offsetForTimestamp(long timestamp) {
    Position end = visible;
    segmentsLock.readLock().lock();
    try {
      for (LogSegment segment : segments.headMap(end.segment().baseOffset(), true).values()) {
        int limit = segment == end.segment() ? end.position() : segment.size();
        long offset = segment.offsetForTimestamp(timestamp, limit);
        if (offset >= 0) {
          return OptionalLong.of(offset);
        }
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new StorageException("timestamp lookup in " + topicPartition + " failed", e);
    } finally {
      segmentsLock.readLock().unlock();
    }
  }

  /**
   * Deletes the oldest sealed segments while the log is over {@code retention.bytes} or their
   * newest record is older than {@code retention.ms}. Whole segments only; never the active one.
   *
   * @return how many segments were deleted
   */
  public int enforceRetention() {
    appendLock.lock();
    try {
      return enforceRetentionLocked();
    } finally {
      appendLock.unlock();
    }
  }

  private int enforceRetentionLocked() {
    LogConfig c = config;
    long now = options.clock().milliseconds();
    long total = sizeInBytes();
    List<LogSegment> doomed = new ArrayList<>();
    for (LogSegment s : segments.values()) {
      if (s == active) {
        break;
      }
      boolean bySize = c.retentionBytes() >= 0 && total - s.size() >= c.retentionBytes();
      boolean byTime =
          c.retentionMs() >= 0 && s.maxTimestamp() >= 0 && now - s.maxTimestamp() > c.retentionMs();
      if (!bySize && !byTime) {
        break;
      }
      doomed.add(s);
      total -= s.size();
    }
    if (doomed.isEmpty()) {
      return 0;
    }
    deleteSegments(doomed);
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0}: retention deleted {1} segments; log now starts at {2}",
        topicPartition,
        doomed.size(),
        logStartOffset());
    return doomed.size();
  }

  /**
   * Deletes the sealed segments that hold only offsets below {@code offset}, moving the log start
   * forward; for state logs that write a full snapshot and then drop what it supersedes.
   *
   * @return how many segments were deleted
   */
  public int deleteSegmentsBefore(long offset) {
    appendLock.lock();
    try {
      checkWritable();
      List<LogSegment> doomed = new ArrayList<>();
      for (LogSegment s : segments.values()) {
        if (s == active || s.nextOffset() > offset) {
          break;
        }
        doomed.add(s);
      }
      deleteSegments(doomed);
      return doomed.size();
    } finally {
      appendLock.unlock();
    }
  }

  /** Removes segments from the log and deletes their files; the caller holds the append lock. */
  private void deleteSegments(List<LogSegment> doomed) {
    if (doomed.isEmpty()) {
      return;
    }
    unflushedSealed.removeAll(doomed);
    segmentsLock.writeLock().lock();
    try {
      for (LogSegment s : doomed) {
        segments.remove(s.baseOffset());
        try {
          s.delete();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "could not delete " + s.logPath(), e);
        }
      }
    } finally {
      segmentsLock.writeLock().unlock();
    }
  }

  /**
   * Removes every batch whose last offset is at or above {@code offset}; a batch that straddles it
   * goes whole, so the new log end may be below {@code offset}.
   *
   * @return the new log end offset
   * @throws OffsetOutOfRangeException when {@code offset} is outside [log start, log end]
   */
  public long truncateTo(long offset) {
    appendLock.lock();
    segmentsLock.writeLock().lock();
    try {
      checkWritable();
      if (offset < logStartOffset() || offset > logEndOffset) {
        throw new OffsetOutOfRangeException(
            "cannot truncate "
                + topicPartition
                + " to "
                + offset
                + "; its range is ["
                + logStartOffset()
                + ", "
                + logEndOffset
                + "]");
      }
      if (offset == logEndOffset) {
        return offset;
      }
      long firstBase = segments.firstKey();
      try {
        for (LogSegment s : new ArrayList<>(segments.tailMap(offset, true).values())) {
          if (s.baseOffset() != firstBase) {
            segments.remove(s.baseOffset());
            s.delete();
          }
        }
        LogSegment last = segments.lastEntry().getValue();
        unflushedSealed.removeIf(s -> s.baseOffset() >= last.baseOffset());
        if (last != active) {
          last.unseal();
          active = last;
          activeSince = options.clock().milliseconds();
        }
        long newEnd = last.truncateTo(offset);
        last.flush();
        options.io().fsyncDirectory(dir);
        logEndOffset = newEnd;
        long cut = generation.incrementAndGet();
        List<DurabilityWaiter> lost = new ArrayList<>();
        synchronized (flushMonitor) {
          flushedOffset = Math.min(flushedOffset, newEnd);
          visible = new Position(newEnd, last, last.size(), cut);
          waiters.removeIf(w -> w.end() > newEnd && lost.add(w));
        }
        failAll(
            lost,
            new StorageException(
                "the log of "
                    + topicPartition
                    + " was truncated to "
                    + newEnd
                    + " before an fsync"));
        return newEnd;
      } catch (IOException e) {
        throw fail("truncating " + topicPartition + " failed", e);
      }
    } finally {
      segmentsLock.writeLock().unlock();
      appendLock.unlock();
    }
  }

  /**
   * Reads every batch of every segment and checks its CRC and offsets, changing nothing.
   *
   * @return one line per problem, naming file and byte position; empty when all is well
   */
  public List<String> verify() {
    List<String> problems = new ArrayList<>();
    segmentsLock.readLock().lock();
    try {
      for (LogSegment s : segments.values()) {
        String problem = s.verify();
        if (problem != null) {
          problems.add(problem);
        }
      }
    } catch (IOException e) {
      problems.add("read failed: " + describe(e));
    } finally {
      segmentsLock.readLock().unlock();
    }
    return problems;
  }

  /** Flushes and closes every segment. Later calls do nothing. */
  @Override
  public void close() {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (failure != null) {
        closeSegmentsQuietly();
        return;
      }
      IOException error = null;
      for (LogSegment s : segments.values()) {
        try {
          s.close();
        } catch (IOException e) {
          if (error == null) {
            error = e;
          } else {
            error.addSuppressed(e);
          }
        }
      }
      if (error != null) {
        throw fail("closing " + topicPartition + " failed", error);
      }
      // Closing forced every segment: whatever still waited for an fsync is durable now.
      List<DurabilityWaiter> covered;
      synchronized (flushMonitor) {
        flushedOffset = logEndOffset;
        covered = takeCovered();
      }
      for (DurabilityWaiter w : covered) {
        w.future().complete(w.result());
      }
    } finally {
      appendLock.unlock();
    }
  }

  /** Whether the log failed (an fsync or an unrecoverable write) and takes no more appends. */
  public boolean isFailed() {
    return failure != null;
  }

  private void closeSegmentsQuietly() {
    for (LogSegment s : segments.values()) {
      s.closeQuietly();
    }
  }

  private void checkWritable() {
    StorageException f = failure;
    if (f != null) {
      throw new StorageException(f.getMessage(), f);
    }
    if (closed) {
      throw new StorageException("log " + topicPartition + " is closed");
    }
  }

  /** Marks the log failed for good: after a failed fsync the page cache may have lost data. */
  private StorageException fail(String what, IOException cause) {
    StorageException e = failure(what, cause);
    List<DurabilityWaiter> failed;
    synchronized (flushMonitor) {
      if (failure == null) {
        failure = e;
      }
      failed = new ArrayList<>(waiters);
      waiters.clear();
      flushMonitor.notifyAll();
    }
    LOG.log(System.Logger.Level.ERROR, e.getMessage(), cause);
    failAll(failed, failure);
    return failure;
  }

  private StorageException failure(String what, IOException cause) {
    return new StorageException(
        what + ": " + describe(cause) + "; log " + topicPartition + " is offline", cause);
  }

  private static String describe(IOException e) {
    return IoErrors.describe(e);
  }

  @Override
  public String toString() {
    return "PartitionLog[" + topicPartition + ", " + dir + "]";
  }
}
