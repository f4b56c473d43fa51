package dev.minikafka.cli;

/**
 * Whether the standard streams are terminals. Java cannot tell for stderr by itself, so the
 * launchers in {@code bin/} pass {@code -Dminikafka.tty.stdin} and {@code -Dminikafka.tty.stderr};
 * without them (e.g. {@code java -jar}) neither counts as a terminal, so no progress bar is drawn.
 */
final class Terminal {
  private Terminal() {}

  /** Whether stdin is a terminal (someone is typing). */
  static boolean stdinIsTerminal() {
    return Boolean.getBoolean("minikafka.tty.stdin");
  }

  /** Whether stderr is a terminal, so that a progress bar may be drawn there. */
  static boolean stderrIsTerminal() {
    return Boolean.getBoolean("minikafka.tty.stderr");
  }
}
