package dev.minikafka.checker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code checker/run.sh [--quick|--long] [--seed N] [--report FILE] [--work DIR]}: runs the checker
 * against the built broker and writes the report (default {@code docs/reliability.md}). Exit code 0
 * when every property held, 1 when one did not, 2 on a usage error.
 *
 * <p>Needs the system properties {@code minikafka.jar} (the broker's jar), {@code checker.classes}
 * and {@code checker.classpath.file} (this module's classes and its dependencies' class path, for
 * the fault-injecting broker); {@code run.sh} sets them.
 */
public final class Main {
  private Main() {}

  /** Runs the checker. */
  public static void main(String[] args) throws IOException, InterruptedException {
    String name = "quick";
    long seed = System.currentTimeMillis();
    Path report = Path.of("docs/reliability.md");
    Path work = Path.of("checker/target/checker");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> name = "quick";
        case "--long" -> name = "long";
        case "--seed" -> seed = Long.parseLong(value(args, ++i));
        case "--report" -> report = Path.of(value(args, ++i));
        case "--work" -> work = Path.of(value(args, ++i));
        default -> usage("unknown argument " + args[i]);
      }
    }
    CheckerRun.Result result = run(CheckerConfig.named(name, seed), work);
    Report.write(result, report);
    System.out.println(Report.summary(result) + "; report: " + report);
    System.exit(result.violations().isEmpty() ? 0 : 1);
  }

  /** Runs {@code config} with the jar and class path the system properties name. */
  public static CheckerRun.Result run(CheckerConfig config, Path work)
      throws IOException, InterruptedException {
    Path jar = Path.of(required("minikafka.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          jar + " is missing: build it first (mvn package -pl minikafka-cli -am)");
    }
    String classpath =
        required("checker.classes")
            + File.pathSeparator
            + Files.readString(Path.of(required("checker.classpath.file"))).strip();
    return new CheckerRun(config, jar, classpath, work.toAbsolutePath()).run();
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      throw new IllegalStateException("system property " + property + " is not set");
    }
    return v;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println("checker: " + problem);
    System.err.println(
        "usage: checker/run.sh [--quick|--long] [--seed N] [--report FILE] [--work DIR]");
    System.exit(2);
  }
}
