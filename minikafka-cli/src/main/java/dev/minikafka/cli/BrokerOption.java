package dev.minikafka.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --broker URL} option of every client command. */
final class BrokerOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private URI url;

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
    this.url = u;
  }

  /** A client of the chosen broker. */
  BrokerClient client() {
    return new BrokerClient(url);
  }

  private ParameterException invalid(String text, String why) {
    return new ParameterException(
        mixee.commandLine(), "Invalid value for option '--broker': '" + text + "': " + why);
  }
}
