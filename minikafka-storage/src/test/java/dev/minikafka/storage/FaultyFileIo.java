package dev.minikafka.storage;

import dev.minikafka.storage.internal.ForwardingFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link FileIo} over the real file system ({@link FileIo#DEFAULT}'s channels) whose channels can
 * be told to fail: {@code force()} throws an I/O error, or writes run out of space part-way through
 * a buffer (the bytes that fit reach the file, then the call throws {@code IOException("No space
 * left on device")}, the worst case for the caller). Faults apply to files whose path matches a
 * predicate, from the moment they are set, also on channels opened before. {@code force()} can also
 * be held back and counted, to watch group commit. Thread-safe.
 *
 * <p>Public, in this module's test jar, so that the tests of the modules above inject the same
 * faults.
 */
public final class FaultyFileIo implements FileIo {
  public static final String ENOSPC = "No space left on device";
  public static final String EIO = "Input/output error";

  private Predicate<Path> failForce = p -> false;
  private Predicate<Path> limitedWrites = p -> false;
  private long spaceLeft = Long.MAX_VALUE;
  private final AtomicInteger forceFailures = new AtomicInteger();
  private final AtomicInteger forces = new AtomicInteger();
  private CountDownLatch forceGate = new CountDownLatch(0);
  private CountDownLatch forceHeld = new CountDownLatch(0);
  private final AtomicInteger writeFailures = new AtomicInteger();

  /** Files named with this suffix, e.g. {@code ".log"}. */
  public static Predicate<Path> endingWith(String suffix) {
    return p -> p.getFileName().toString().endsWith(suffix);
  }

  /** Files in a directory named {@code name}, e.g. a partition's {@code "orders-1"}. */
  public static Predicate<Path> inDirectory(String name) {
    return p -> p.getParent() != null && p.getParent().getFileName().toString().equals(name);
  }

  /** From now on {@code force()} on matching files throws. */
  public synchronized void failForce(Predicate<Path> which) {
    failForce = which;
  }

  /** From now on matching files may grow by {@code bytes} more in total, then writes fail. */
  public synchronized void limitSpace(Predicate<Path> which, long bytes) {
    limitedWrites = which;
    spaceLeft = bytes;
  }

  /**
   * From now on {@code force()} blocks until {@link #releaseForces()}; {@link #awaitHeldForce()}
   * returns once one is blocked.
   */
  public synchronized void holdForces() {
    forceGate = new CountDownLatch(1);
    forceHeld = new CountDownLatch(1);
  }

  /** Lets held and later {@code force()} calls through. */
  public synchronized void releaseForces() {
    forceGate.countDown();
  }

  /** Waits until a {@code force()} is blocked by {@link #holdForces()}. */
  public void awaitHeldForce() throws InterruptedException {
    CountDownLatch held;
    synchronized (this) {
      held = forceHeld;
    }
    if (!held.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no force() arrived within 10 s");
    }
  }

  /** How many {@code force()} calls completed or failed. */
  public int forces() {
    return forces.get();
  }

  /** Clears every fault. */
  public synchronized void heal() {
    failForce = p -> false;
    limitedWrites = p -> false;
    spaceLeft = Long.MAX_VALUE;
  }

  /** How many {@code force()} calls failed. */
  public int forceFailures() {
    return forceFailures.get();
  }

  /** How many writes ran out of space. */
  public int writeFailures() {
    return writeFailures.get();
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    return new Channel(path, FileIo.DEFAULT.open(path, options));
  }

  private synchronized boolean shouldFailForce(Path path) {
    return failForce.test(path);
  }

  /** How many of {@code wanted} bytes may be written to {@code path}; takes them from the space. */
  private synchronized int allowance(Path path, int wanted) {
    if (!limitedWrites.test(path)) {
      return wanted;
    }
    int allowed = (int) Math.min(wanted, spaceLeft);
    spaceLeft -= allowed;
    return allowed;
  }

  /** Forwards to a real channel; fails writes past the space allowance and forces on request. */
  private final class Channel extends ForwardingFileChannel {
    private final Path path;

    Channel(Path path, FileChannel delegate) {
      super(delegate);
      this.path = path;
    }

    /** Writes what fits of {@code src} at {@code position} (-1: the channel position). */
    private int guardedWrite(ByteBuffer src, long position) throws IOException {
      int wanted = src.remaining();
      int allowed = allowance(path, wanted);
      if (allowed == wanted) {
        return position < 0 ? delegate().write(src) : delegate().write(src, position);
      }
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + allowed);
      long at = position < 0 ? delegate().position() : position;
      while (part.hasRemaining()) {
        at += delegate().write(part, at);
      }
      if (position < 0) {
        delegate().position(at);
      }
      src.position(part.position());
      writeFailures.incrementAndGet();
      throw new IOException(ENOSPC);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return guardedWrite(src, -1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += guardedWrite(srcs[i], -1);
      }
      return total;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return guardedWrite(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      CountDownLatch gate;
      synchronized (FaultyFileIo.this) {
        gate = forceGate;
        forceHeld.countDown();
      }
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while held", e);
      }
      forces.incrementAndGet();
      if (shouldFailForce(path)) {
        forceFailures.incrementAndGet();
        throw new IOException(EIO);
      }
      super.force(metaData);
    }
  }
}
