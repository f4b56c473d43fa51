package dev.minikafka.cli;

import dev.minikafka.client.Admin;
import dev.minikafka.client.ClassroomClient;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.PartitionReader;
import dev.minikafka.client.Producer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --broker URL} option of every client command, and the SDK objects for that broker.
 * Every object it builds uses the same connect timeout, so that an unreachable broker is reported
 * the same way by every command.
 */
final class BrokerOption {
  /** How long a command waits for a TCP connection to the broker. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private String url;

  @Option(
      names = "--broker",
      paramLabel = "URL",
      defaultValue = "${env:MINIKAFKA_BROKER:-http://127.0.0.1:8000}",
      description = "The broker's base URL; env MINIKAFKA_BROKER. Default: ${DEFAULT-VALUE}")
  void setBroker(String text) {
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw invalid(text, "not a URL");
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw invalid(text, "expected http://HOST:PORT");
    }
    if (u.getHost() == null) {
      throw invalid(text, "no host in it");
    }
    if (u.getQuery() != null || u.getFragment() != null) {
      throw invalid(text, "a base URL has no query or fragment");
    }
    String s = u.toString();
    this.url = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The broker's base URL, as the user gave it, without a trailing slash. */
  String url() {
    return url;
  }

  /** A client of the broker's classroom endpoints. */
  ClassroomClient classroom() {
    return ClassroomClient.builder().bootstrap(url).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** An admin client of the broker. */
  Admin admin() {
    return Admin.builder().bootstrap(url).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /**
   * What {@code work} answers with an admin client of the broker, closed before this returns: the
   * usual shape of a command that asks the broker something and then prints the answer.
   */
  <T> T withAdmin(Function<Admin, T> work) {
    try (Admin admin = admin()) {
      return work.apply(admin);
    }
  }

  /** Runs {@code work} with an admin client of the broker, closed before this returns. */
  void useAdmin(java.util.function.Consumer<Admin> work) {
    try (Admin admin = admin()) {
      work.accept(admin);
    }
  }

  /** A reader of single partitions, without a group. */
  PartitionReader reader() {
    return PartitionReader.builder().bootstrap(url).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** A producer builder for the broker; the caller adds its settings. */
  Producer.Builder producer() {
    return Producer.builder().bootstrap(url).connectTimeout(CONNECT_TIMEOUT);
  }

  /** A consumer builder for the broker; the caller adds the group and its settings. */
  Consumer.Builder consumer() {
    return Consumer.builder().bootstrap(url).connectTimeout(CONNECT_TIMEOUT);
  }

  private ParameterException invalid(String text, String why) {
    return new ParameterException(
        mixee.commandLine(), "Invalid value for option '--broker': '" + text + "': " + why);
  }
}
