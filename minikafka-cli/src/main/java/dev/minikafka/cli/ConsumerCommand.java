package dev.minikafka.cli;

import dev.minikafka.client.ClassroomClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minikafka consumer} ({@code bin/consumer}): the classroom guide's polling consumer. */
@Command(
    name = "consumer",
    header = "The classroom guide's consumer: poll and print messages until Ctrl-C.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "The classroom guide's consumer: registers the topic and the consumer, then asks the broker"
          + " for the next message (POST /consume) over and over, printing each one as"
          + " [TOPIC@OFFSET] VALUE. When there is nothing new (HTTP 204) it sleeps for the poll"
          + " interval. Runs until stopped with Ctrl-C.",
      "The broker remembers the consumer's offset: run it again with the same --consumer-id and it"
          + " carries on where it stopped; another id reads the topic from the beginning.",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      "130:stopped with Ctrl-C (SIGINT); 143 for SIGTERM",
      ExitCodes.LINE_FAILURE,
      ExitCodes.LINE_USAGE
    })
final class ConsumerCommand implements Callable<Integer> {
  private static final double MAX_POLL_INTERVAL_SECONDS = 3600;

  @Spec CommandSpec spec;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Topic to read; registered (created) first if needed.")
  String topic;

  @Option(
      names = "--consumer-id",
      paramLabel = "ID",
      description =
          "This consumer's id; the broker generates one (starting at offset 0) when absent.")
  String consumerId;

  @Mixin BrokerOption broker;

  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      defaultValue = "1.0",
      description = "Seconds to wait after an empty poll (HTTP 204). Default: ${DEFAULT-VALUE}.")
  double pollInterval;

  private final AtomicLong received = new AtomicLong();

  @Override
  public Integer call() throws InterruptedException {
    if (!(pollInterval > 0 && pollInterval <= MAX_POLL_INTERVAL_SECONDS)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--poll-interval': must be more than 0 and at most "
              + (long) MAX_POLL_INTERVAL_SECONDS
              + " seconds");
    }
    long sleepMs = Math.max(1, Math.round(pollInterval * 1000));
    // Not closed: the loop below only ends with the process (Ctrl-C) or a failure.
    ClassroomClient client = broker.classroom();
    PrintWriter out = spec.commandLine().getOut();
    client.registerTopic(topic);
    ClassroomClient.ConsumerRegistration registration = client.registerConsumer(topic, consumerId);
    String id = registration.consumerId();
    out.println(
        "consumer "
            + id
            + " reading topic "
            + topic
            + " from offset "
            + registration.offset()
            + " (Ctrl-C to stop)");
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long n = received.get();
                  err.println(
                      "consumer "
                          + id
                          + " stopped after "
                          + n
                          + (n == 1 ? " message" : " messages"));
                  err.flush();
                },
                "minikafka-consumer-stop"));
    while (true) {
      Optional<ClassroomClient.Message> message = client.consume(id, Duration.ZERO);
      if (message.isPresent()) {
        out.println(Messages.line(message.get()));
        out.flush();
        received.incrementAndGet();
      } else {
        Thread.sleep(sleepMs);
      }
    }
  }
}
