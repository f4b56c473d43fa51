package dev.minikafka.cli;

import dev.minikafka.client.BrokerUnavailableException;
import dev.minikafka.client.ClientTimeoutException;
import dev.minikafka.client.MiniKafkaClientException;
import dev.minikafka.core.errors.MiniKafkaException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns the SDK's typed exceptions into the one line a command prints on stderr: the broker cannot
 * be reached, did not answer in time, or refused the request (its message, which names the
 * problem). Returns null for anything else, which is a bug and reported as one.
 */
final class Failures {
  private Failures() {}

  /**
   * The one-line message for {@code e}, or null when it is not a failure the user can act on.
   *
   * @param brokerUrl the broker's URL as the user gave it, or null when the command has none
   */
  static String message(Throwable e, String brokerUrl) {
    Throwable t = unwrap(e);
    String where = brokerUrl == null ? "the broker" : "the broker at " + brokerUrl;
    return switch (t) {
      case CliFailure f -> f.getMessage();
      case MiniKafkaException f -> f.getMessage();
      case BrokerUnavailableException f -> unavailable(f, where);
      case ClientTimeoutException f -> where + " did not answer in time (" + f.getMessage() + ")";
      case MiniKafkaClientException f -> f.getMessage();
      default -> null;
    };
  }

  /** The exception a future failed with, without the layers the future wrapped it in. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String unavailable(BrokerUnavailableException e, String where) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "cannot reach " + where + " (connection timed out)";
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "cannot reach " + where + " (unknown host)";
      }
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        String m = t.getMessage();
        return "cannot reach "
            + where
            + " ("
            + (m == null || m.isBlank() ? "connection refused" : m.toLowerCase(Locale.ROOT))
            + ")";
      }
    }
    return "lost the connection to " + where + " (" + e.getMessage() + ")";
  }
}
