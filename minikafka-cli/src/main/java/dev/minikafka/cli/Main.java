package dev.minikafka.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code minikafka} command's entry point (the runnable jar's Main-Class).
 *
 * <p>Exit codes: 0 success, 1 a failure at run time (reported as one line on stderr), 2 a usage
 * error. A stack trace is printed only for a bug, and only when {@code MINIKAFKA_DEBUG} is set.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits with its exit code.
   *
   * <p>A command that returns has finished its work (the broker, {@code serve}, only returns when
   * it could not start), so the JVM is halted rather than exited once the output is flushed: no
   * shutdown hook is needed at that point, and {@code Runtime.exit} would first set up the whole
   * logging stack just to decide not to log the exit, which costs a client command about a third of
   * its run time.
   */
  public static void main(String[] args) {
    CommandLine cl = commandLine();
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /** Runs the command; returns its exit code. */
  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with minikafka's error handling, writing to stdout and stderr. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new MinikafkaCommand());
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true));
    cl.setExecutionExceptionHandler(Main::onFailure);
    cl.setParameterExceptionHandler(Main::onUsageError);
    return cl;
  }

  private static int onUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String message = Failures.message(e, brokerUrl(cmd));
    if (message == null) {
      message =
          switch (e) {
            case UncheckedIOException f -> "I/O error: " + f.getCause().getMessage();
            case InterruptedException f -> "interrupted";
            default ->
                "internal error: "
                    + e
                    + (debug() ? "" : " (set MINIKAFKA_DEBUG=1 to see the stack trace)");
          };
    }
    err.println("minikafka: " + message);
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILURE;
  }

  /** The {@code --broker} URL of the command that failed, or null when it has none. */
  private static String brokerUrl(CommandLine cmd) {
    for (CommandSpec mixin : cmd.getCommandSpec().mixins().values()) {
      if (mixin.userObject() instanceof BrokerOption broker) {
        return broker.url();
      }
    }
    return null;
  }

  private static boolean debug() {
    String v = System.getenv("MINIKAFKA_DEBUG");
    return v != null && !v.isEmpty() && !v.equals("0");
  }
}
