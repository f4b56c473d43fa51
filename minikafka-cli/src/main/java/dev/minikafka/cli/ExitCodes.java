package dev.minikafka.cli;

/** The exit codes scripts can rely on, and their lines in every command's help. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;

  /** A failure at run time: broker unreachable, request refused, data directory unusable. */
  static final int FAILURE = 1;

  /** The command line was wrong: unknown option, missing or invalid value. */
  static final int USAGE = 2;

  static final String HEADING = "%nExit codes:%n";
  static final String LINE_OK = "0:success";
  static final String LINE_FAILURE =
      "1:failure at run time (broker unreachable, request refused, I/O error)";
  static final String LINE_USAGE = "2:usage error (unknown option, missing or invalid value)";

  private ExitCodes() {}
}
