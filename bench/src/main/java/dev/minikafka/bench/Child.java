package dev.minikafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A child JVM running {@link AppendChild}, on this JVM's binary and class path. */
final class Child implements AutoCloseable {
  private final Process process;
  private final AtomicLong progress = new AtomicLong();
  private final AtomicLong liveHeap = new AtomicLong(-1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long doneBytes = -1;
  private volatile long doneRecords = -1;

  private Child(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** The java launcher of this JVM. */
  static String javaBinary() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Child start(List<String> jvmArgs, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(StorageBench.ENGINE_JVM_FLAGS);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AppendChild.class.getName());
    command.addAll(args);
    try {
      return new Child(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readOutput() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("PROGRESS ")) {
          String[] parts = line.substring(9).trim().split(" ", -1);
          progress.set(Long.parseLong(parts[0]));
          if (parts.length > 1) {
            liveHeap.set(Long.parseLong(parts[1]));
          }
        } else if (line.startsWith("DONE ")) {
          String[] parts = line.substring(5).trim().split(" ", -1);
          doneBytes = Long.parseLong(parts[0]);
          doneRecords = Long.parseLong(parts[1]);
          progress.set(doneBytes);
          done.countDown();
        }
      }
    } catch (IOException ignored) {
      // The child was killed: its output ends here.
    }
  }

  long pid() {
    return process.pid();
  }

  long progress() {
    return progress.get();
  }

  /** The child's heap after its last GC, as it last reported it; -1 before any. */
  long liveHeap() {
    return liveHeap.get();
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long doneBytes() {
    return doneBytes;
  }

  long doneRecords() {
    return doneRecords;
  }

  /** Waits for {@code DONE}; fails if the child dies first or takes longer than {@code minutes}. */
  void awaitDone(long minutes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    while (!done.await(200, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child exited with " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("child did not finish in " + minutes + " minutes");
      }
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The path of {@code /proc/<pid>/status}. */
  Path statusFile() {
    return Paths.get("/proc", Long.toString(process.pid()), "status");
  }
}
