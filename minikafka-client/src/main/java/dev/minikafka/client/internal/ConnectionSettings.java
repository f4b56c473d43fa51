package dev.minikafka.client.internal;

import java.time.Duration;

/**
 * How a client reaches the broker: the part every SDK builder has in common. Each public builder
 * keeps one of these, replaces it through the {@code with...} methods as its setters are called (so
 * each setter checks its value at once, as before), and opens its connection with {@link
 * #transport()} in {@code build()}.
 *
 * <p>Immutable, hence thread-safe; the builders that hold one are not.
 *
 * @param bootstrap the broker's base URL as the caller gave it, or null while unset; checked only
 *     by {@link #transport()}, so that a builder fails on a bad URL in {@code build()}
 * @param connectTimeout how long to wait for a TCP connection; positive
 * @param requestTimeout how long one request may take (a client adds a long poll's wait to it);
 *     positive
 */
public record ConnectionSettings(
    String bootstrap, Duration connectTimeout, Duration requestTimeout) {
  /** No bootstrap yet; a 10 second connect timeout and a 30 second request timeout. */
  public static final ConnectionSettings DEFAULTS =
      new ConnectionSettings(null, Duration.ofSeconds(10), Duration.ofSeconds(30));

  /** These settings with the broker's base URL {@code url}, unchecked until {@link #transport}. */
  public ConnectionSettings withBootstrap(String url) {
    return new ConnectionSettings(url, connectTimeout, requestTimeout);
  }

  /**
   * These settings with another connect timeout.
   *
   * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
   */
  public ConnectionSettings withConnectTimeout(Duration timeout) {
    return new ConnectionSettings(bootstrap, positive(timeout, "connect timeout"), requestTimeout);
  }

  /**
   * These settings with another request timeout. {@code name} is how the refusal names the setting:
   * the producer and the consumer use Kafka's config name ({@code request.timeout.ms}), the other
   * clients plain words.
   *
   * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
   */
  public ConnectionSettings withRequestTimeout(Duration timeout, String name) {
    return new ConnectionSettings(bootstrap, connectTimeout, positive(timeout, name));
  }

  /**
   * A new transport to the broker; it connects on first use.
   *
   * @throws IllegalArgumentException if the bootstrap URL is missing or malformed
   */
  public HttpTransport transport() {
    return new HttpTransport(bootstrap, connectTimeout);
  }

  /**
   * {@code d} when it is positive.
   *
   * @throws IllegalArgumentException naming the setting {@code name} if {@code d} is null, zero or
   *     negative
   */
  public static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
