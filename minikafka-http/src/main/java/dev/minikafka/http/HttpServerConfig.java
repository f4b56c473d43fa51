package dev.minikafka.http;

import dev.minikafka.core.errors.InvalidConfigException;

/**
 * Where and how the HTTP API listens.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted, also when it arrives chunked
 * @param maxInFlightRequests the most requests served at once (a long-poll counts while it waits;
 *     {@code /health} does not count); one more waits up to a second for a slot, then gets 503
 *     {@code server_busy}. It bounds the memory requests may hold (each up to its body and its
 *     answer).
 * @param maxAnswerBytes the most bytes that answers of records (partition reads, group polls) may
 *     hold while they are written, for clients slow to read them; an answer that finds no room
 *     within a second gets 503 {@code server_busy}. One answer alone is always written, whatever
 *     its size.
 */
public record HttpServerConfig(
    String host, int port, int maxBodyBytes, int maxInFlightRequests, long maxAnswerBytes) {
  /** The classroom guide's address: {@code http://127.0.0.1:8000}. */
  public static final int DEFAULT_PORT = 8000;

  /** Two MiB: room for a value of the default 1 MiB batch limit, encoded as JSON. */
  public static final int DEFAULT_MAX_BODY_BYTES = 2 << 20;

  /** 2,048: room for a thousand idle long-polls and as many other requests. */
  public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 2048;

  /**
   * A quarter of the JVM's heap limit: answers being written never take more than that from the
   * rest of the broker.
   */
  public static long defaultMaxAnswerBytes() {
    return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  /** Checks the ranges. */
  public HttpServerConfig {
    if (host == null || host.isBlank()) {
      throw new InvalidConfigException("host must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new InvalidConfigException("port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new InvalidConfigException("max body size must be at least 1024 bytes");
    }
    if (maxInFlightRequests < 1) {
      throw new InvalidConfigException("max in-flight requests must be at least 1");
    }
    if (maxAnswerBytes < 1 << 20) {
      throw new InvalidConfigException(
          "max answer bytes must be at least 1048576 (1 MiB), was " + maxAnswerBytes);
    }
  }

  /** A configuration with the default budget of answer bytes. */
  public HttpServerConfig(String host, int port, int maxBodyBytes, int maxInFlightRequests) {
    this(host, port, maxBodyBytes, maxInFlightRequests, defaultMaxAnswerBytes());
  }

  /** A configuration with the default limit of requests in flight. */
  public HttpServerConfig(String host, int port, int maxBodyBytes) {
    this(host, port, maxBodyBytes, DEFAULT_MAX_IN_FLIGHT_REQUESTS);
  }

  /** This configuration with another limit of requests in flight. */
  public HttpServerConfig withMaxInFlightRequests(int max) {
    return new HttpServerConfig(host, port, maxBodyBytes, max, maxAnswerBytes);
  }

  /** {@code 127.0.0.1:8000}, bodies up to two MiB. */
  public static HttpServerConfig defaults() {
    return new HttpServerConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }

  /** This configuration on another host and port. */
  public HttpServerConfig withAddress(String newHost, int newPort) {
    return new HttpServerConfig(
        newHost, newPort, maxBodyBytes, maxInFlightRequests, maxAnswerBytes);
  }

  /** This configuration with another budget of answer bytes. */
  public HttpServerConfig withMaxAnswerBytes(long max) {
    return new HttpServerConfig(host, port, maxBodyBytes, maxInFlightRequests, max);
  }
}
