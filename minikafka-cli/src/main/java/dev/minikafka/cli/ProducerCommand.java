package dev.minikafka.cli;

import dev.minikafka.client.ClassroomClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minikafka producer} ({@code bin/producer}): the classroom guide's producer. */
@Command(
    name = "producer",
    header = "The classroom guide's producer: send message-0 ... message-<COUNT-1>.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "The classroom guide's producer: registers the topic and the producer, sends message-0 ..."
          + " message-<COUNT-1> one by one and prints the offset the broker gave each. Uses the"
          + " classroom endpoints (POST /topics/register, /producers/register, /produce).",
      "",
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILURE, ExitCodes.LINE_USAGE})
final class ProducerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Topic to send to; registered (created) first if needed.")
  String topic;

  @Option(
      names = "--count",
      paramLabel = "COUNT",
      defaultValue = "5",
      description = "How many messages to send. Default: ${DEFAULT-VALUE}.")
  long count;

  @Mixin BrokerOption broker;

  @Option(
      names = "--producer-id",
      paramLabel = "ID",
      description = "This producer's id; the broker generates one when absent.")
  String producerId;

  @Override
  public Integer call() {
    if (count < 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--count': must not be negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ClassroomClient client = broker.classroom()) {
      client.registerTopic(topic);
      ClassroomClient.ProducerRegistration producer = client.registerProducer(topic, producerId);
      out.println(
          "producer "
              + producer.producerId()
              + " sending "
              + count
              + (count == 1 ? " message" : " messages")
              + " to topic "
              + topic);
      out.flush();
      for (long i = 0; i < count; i++) {
        String value = "message-" + i;
        ClassroomClient.Produced ack = client.produce(topic, null, value);
        out.println("sent " + value + " -> offset " + ack.offset());
        out.flush();
      }
    }
    return ExitCodes.OK;
  }
}
