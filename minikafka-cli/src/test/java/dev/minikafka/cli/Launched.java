package dev.minikafka.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A launcher from {@code bin/} running as a subprocess, its stdout and stderr collected line by
 * line as they arrive, so that a test can wait for a line.
 */
final class Launched {
  private final String name;
  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  Launched(String name, Process process) {
    this.name = name;
    this.process = process;
    this.outReader = pump(process.getInputStream(), out, name + "-stdout");
    this.errReader = pump(process.getErrorStream(), err, name + "-stderr");
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /** The lines of stdout so far. */
  List<String> out() {
    return List.copyOf(out);
  }

  /** The lines of stderr so far. */
  List<String> err() {
    return List.copyOf(err);
  }

  /** Waits until {@code count} lines of stdout match, failing with everything printed. */
  List<String> awaitOut(Predicate<String> match, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> matching = out.stream().filter(match).toList();
      if (matching.size() >= count) {
        return matching;
      }
      if (!process.isAlive() && !outReader.isAlive()) {
        throw new AssertionError(
            name + " exited (" + process.exitValue() + ") before printing enough; " + this);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not print enough within " + timeout + "; " + this);
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the process to exit and its output to be read; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "; " + this);
    }
    outReader.join(5_000);
    errReader.join(5_000);
    return process.exitValue();
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}) with kill(1). */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Kills the process and everything it started, without waiting for a clean stop. */
  void destroy() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "stdout:\n  " + String.join("\n  ", out) + "\nstderr:\n  " + String.join("\n  ", err);
  }

  private static Thread pump(InputStream in, List<String> lines, String threadName) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            threadName);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
