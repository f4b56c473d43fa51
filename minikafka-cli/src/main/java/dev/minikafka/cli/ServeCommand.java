package dev.minikafka.cli;

import dev.minikafka.broker.Broker;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.http.HttpServer;
import dev.minikafka.http.HttpServerConfig;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.StorageConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minikafka serve}, also {@code minikafka broker} ({@code bin/broker}): runs the broker
 * until SIGTERM or Ctrl-C, then closes it cleanly.
 */
@Command(
    name = "serve",
    header = "Run the broker (HTTP API, Swagger UI, durable log on disk).",
    aliases = "broker",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Runs the broker: the classroom HTTP API and /v1, Swagger UI at /docs and the spec at"
          + " /openapi.json. Messages, topics and consumer offsets are kept in a durable log"
          + " under the data directory and survive restarts.",
      "Stops cleanly on Ctrl-C or SIGTERM (the data directory is marked clean, so the next start"
          + " skips recovery). 'minikafka broker' (bin/broker) is the same command.",
      "Every option can also be set by an environment variable (MINIKAFKA_HOST, MINIKAFKA_PORT,"
          + " MINIKAFKA_DATA_DIR, MINIKAFKA_FLUSH, MINIKAFKA_MAX_BODY_BYTES,"
          + " MINIKAFKA_MAX_IN_FLIGHT_REQUESTS); an option on the command line wins.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "130, 143:stopped by Ctrl-C (SIGINT) or SIGTERM, after a clean shutdown",
      "1:the data directory cannot be opened (e.g. in use by another broker) or the port is taken",
      ExitCodes.LINE_USAGE
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "${env:MINIKAFKA_HOST:-127.0.0.1}",
      description =
          "Address to listen on; 0.0.0.0 for every interface (env MINIKAFKA_HOST)."
              + " Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:MINIKAFKA_PORT:-8000}",
      description =
          "Port to listen on; 0 picks a free one (env MINIKAFKA_PORT). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:MINIKAFKA_DATA_DIR:-./data}",
      description =
          "Directory of the logs and consumer offsets, created if missing; one broker at a time"
              + " (env MINIKAFKA_DATA_DIR). Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--flush",
      paramLabel = "POLICY",
      defaultValue = "${env:MINIKAFKA_FLUSH:-always}",
      description = {
        "When writes are forced to disk (env MINIKAFKA_FLUSH). Default: ${DEFAULT-VALUE}.",
        "  always       a produce is acknowledged after an fsync covers it: nothing"
            + " acknowledged is lost, even if the machine crashes",
        "  interval     acknowledged after the write; fsync every second",
        "  interval:MS  the same, every MS milliseconds",
        "  never        left to the operating system (safe against a crash of the broker"
            + " process, not of the machine)",
      })
  String flush;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:MINIKAFKA_MAX_BODY_BYTES:-2097152}",
      description =
          "The largest request body accepted, also when it arrives chunked; larger ones get 413"
              + " (env MINIKAFKA_MAX_BODY_BYTES). Default: ${DEFAULT-VALUE}.")
  int maxBodyBytes;

  @Option(
      names = "--max-in-flight-requests",
      paramLabel = "N",
      defaultValue = "${env:MINIKAFKA_MAX_IN_FLIGHT_REQUESTS:-2048}",
      description =
          "The most requests served at once, long-polls included; one more waits a second for a"
              + " slot, then gets 503 (env MINIKAFKA_MAX_IN_FLIGHT_REQUESTS). Default:"
              + " ${DEFAULT-VALUE}.")
  int maxInFlightRequests;

  @Option(
      names = "--max-answer-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:MINIKAFKA_MAX_ANSWER_BYTES:-0}",
      description =
          "The most bytes that answers of records (reads, polls) may hold while clients slow to"
              + " read them receive them; one more waits a second for room, then gets 503"
              + " (env MINIKAFKA_MAX_ANSWER_BYTES). Default: a quarter of the heap limit.")
  long maxAnswerBytes;

  @Override
  public Integer call() throws InterruptedException {
    FlushPolicy policy;
    try {
      policy = FlushPolicy.parse(flush);
    } catch (InvalidConfigException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--flush': " + e.getMessage());
    }
    HttpServerConfig httpConfig;
    try {
      httpConfig =
          new HttpServerConfig(
              host,
              port,
              maxBodyBytes,
              maxInFlightRequests,
              maxAnswerBytes == 0 ? HttpServerConfig.defaultMaxAnswerBytes() : maxAnswerBytes);
    } catch (InvalidConfigException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    Broker broker;
    try {
      broker = Broker.open(StorageConfig.of(dir).withFlushPolicy(policy));
    } catch (MiniKafkaException e) {
      throw new CliFailure(e.getMessage(), e); // names the directory and the cause
    } catch (UncheckedIOException e) {
      throw new CliFailure(
          "cannot open the data directory " + dir + ": " + e.getCause().getMessage(), e);
    }
    HttpServer server;
    try {
      server = HttpServer.start(broker, httpConfig);
    } catch (RuntimeException e) {
      broker.close();
      throw new CliFailure(e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, broker, err), "minikafka-shutdown"));
    String url = "http://" + urlHost(host) + ":" + server.port();
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "minikafka "
            + Version.current()
            + " listening on "
            + url
            + "  (Swagger UI: "
            + url
            + "/docs, data: "
            + dir
            + ", flush: "
            + flush.strip()
            + ")");
    out.flush();
    // Serve until a signal runs the shutdown hook, which stops the server and closes the broker.
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }

  private static void stop(HttpServer server, Broker broker, PrintWriter err) {
    try {
      server.close();
    } catch (RuntimeException e) {
      err.println("minikafka: stopping the HTTP server failed: " + e.getMessage());
    }
    try {
      broker.close();
      err.println("minikafka: stopped; data directory closed cleanly");
    } catch (RuntimeException e) {
      err.println("minikafka: closing the data directory failed: " + e.getMessage());
    }
    err.flush();
  }

  private static String urlHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
