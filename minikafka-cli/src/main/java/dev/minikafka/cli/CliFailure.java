package dev.minikafka.cli;

/**
 * A failure at run time that the user can act on: the broker cannot be reached, refused a request,
 * or the data directory cannot be opened. Reported as one line on stderr and exit code 1, never
 * with a stack trace.
 */
final class CliFailure extends RuntimeException {
  CliFailure(String message) {
    super(message);
  }

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
