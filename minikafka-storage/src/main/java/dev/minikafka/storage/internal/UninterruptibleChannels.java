package dev.minikafka.storage.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Keeps thread interrupts from closing log files.
 *
 * <p>A {@link FileChannel} is an interruptible channel: if a thread is interrupted before or during
 * an operation on it, the JDK closes the channel for every thread, and the log it belongs to is
 * gone until reopened. Request threads do get interrupted (timeouts, cancelled requests, shutdown),
 * so the engine must not let that happen.
 *
 * <p>Where the JVM allows it ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, which the
 * launchers and the build pass), the JDK's own file channel is switched to uninterruptible mode,
 * the way the JDK protects its internal files. Elsewhere, channels are wrapped so that an interrupt
 * already pending is cleared for the operation and restored after it; that leaves only an interrupt
 * arriving during the system call itself, and the fallback is logged once.
 *
 * <p>Stateless apart from a cached reflective handle; thread-safe.
 */
public final class UninterruptibleChannels {
  private static final System.Logger LOG =
      System.getLogger(UninterruptibleChannels.class.getName());
  private static final Method SET_UNINTERRUPTIBLE = findSetUninterruptible();

  private UninterruptibleChannels() {}

  /** Returns {@code channel} made uninterruptible, or a wrapper that shields it. */
  public static FileChannel protect(FileChannel channel) {
    if (SET_UNINTERRUPTIBLE != null
        && SET_UNINTERRUPTIBLE.getDeclaringClass().isInstance(channel)) {
      try {
        SET_UNINTERRUPTIBLE.invoke(channel);
        return channel;
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Fall through to the wrapper.
      }
    }
    return new InterruptShield(channel);
  }

  private static Method findSetUninterruptible() {
    try {
      Class<?> impl = Class.forName("sun.nio.ch.FileChannelImpl");
      Method m = impl.getMethod("setUninterruptible");
      if (impl.getModule()
          .isExported(impl.getPackageName(), UninterruptibleChannels.class.getModule())) {
        return m;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not this JDK's layout; use the wrapper.
    }
    LOG.log(
        System.Logger.Level.INFO,
        "file channels are shielded from pending interrupts only; start the JVM with "
            + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED for full protection");
    return null;
  }

  /** Clears a pending interrupt for the length of each operation and restores it after. */
  private static final class InterruptShield extends ForwardingFileChannel {
    InterruptShield(FileChannel delegate) {
      super(delegate);
    }

    @FunctionalInterface
    private interface Op<T> {
      T run() throws IOException;
    }

    private static <T> T shielded(Op<T> op) throws IOException {
      boolean interrupted = Thread.interrupted();
      try {
        return op.run();
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return shielded(() -> delegate().read(dst, position));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return shielded(() -> delegate().write(src, position));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return shielded(() -> delegate().read(dst));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return shielded(() -> delegate().write(src));
    }

    @Override
    public long size() throws IOException {
      return shielded(() -> delegate().size());
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      shielded(() -> delegate().truncate(size));
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      shielded(
          () -> {
            delegate().force(metaData);
            return null;
          });
    }
  }
}
