package dev.minikafka.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What the user sees while a run goes on: on a terminal, a progress bar over the run's steps naming
 * the current one; otherwise (CI, a pipe) one line per step. Every line also goes to a log file
 * beside the results. Thread-safe (synchronized; steps are seconds apart).
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final PrintStream lines;
  private final Path logFile;

  private Progress(ProgressBar bar, PrintStream lines, Path logFile) {
    this.bar = bar;
    this.lines = lines;
    this.logFile = logFile;
  }

  /** A progress bar when {@code terminal}, else step lines on {@code err}; logging to a file. */
  static Progress start(boolean terminal, long totalSteps, Path logFile, PrintStream err) {
    ProgressBar bar =
        terminal
            ? new ProgressBarBuilder()
                .setTaskName("bench")
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .hideEta()
                .build()
            : null;
    return new Progress(bar, terminal ? null : err, logFile);
  }

  /** Starts a step: names it on the bar, logs it. */
  synchronized void begin(String step) {
    if (bar != null) {
      bar.setExtraMessage(step.length() > 60 ? step.substring(0, 60) : step);
    }
    log(step);
  }

  /** Ends a step. */
  synchronized void done() {
    if (bar != null) {
      bar.step();
    }
  }

  /** A line for the log (and the terminal when there is no bar). */
  synchronized void log(String line) {
    String stamped = "[" + Instant.now().toString().substring(11, 19) + "] " + line;
    if (lines != null) {
      lines.println(stamped);
    }
    try {
      Files.writeString(
          logFile,
          stamped + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
