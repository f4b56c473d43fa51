package dev.minikafka.client;

import dev.minikafka.client.internal.ConnectionSettings;
import dev.minikafka.client.internal.ProducerConfig;
import dev.minikafka.client.internal.ProducerSender;
import dev.minikafka.client.internal.RecordAccumulator;
import dev.minikafka.client.internal.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends records to a minikafka broker over its {@code /v1} HTTP API, as Kafka's producer does:
 * {@link #send} returns at once; records are collected per topic and leave as one request when a
 * batch reaches {@code batch.size} bytes or its first record has waited {@code linger.ms}. Failures
 * that may pass (broker unreachable, timeouts, 503) are retried with backoff until {@code
 * delivery.timeout.ms}; the broker's refusals fail the record's future with the typed exception of
 * {@code dev.minikafka.core.errors}.
 *
 * <pre>{@code
 * try (Producer producer = Producer.builder().bootstrap("http://127.0.0.1:8000").build()) {
 *   producer.send(ProducerRecord.ofStrings("orders", "customer-7", "{\"total\": 12}"))
 *       .thenAccept(md -> System.out.println("stored at " + md.partition() + "/" + md.offset()));
 * }
 * }</pre>
 *
 * <p>Idempotent by default (when the broker offers it; see {@link Builder#enableIdempotence}): the
 * producer takes a producer id from the broker and numbers its records per partition, so a retry
 * after a lost answer is not stored twice. It then picks every record's partition itself (explicit
 * partition, else murmur2 of the key, else one sticky partition per batch), from the topic's
 * partition count. With {@code enableIdempotence(false)} the broker picks partitions for records
 * without one, by the same rules; a retry may then store a record twice.
 *
 * <p>Requests leave one at a time, so the records of a partition are stored in {@code send} order.
 *
 * <p>Thread-safe: share one producer between threads (that is also the fastest way to use it).
 * Futures are completed on the producer's I/O thread: do not block in their callbacks.
 */
public final class Producer implements AutoCloseable {
  private final Transport transport;
  private final RecordAccumulator accumulator;
  private final Thread sender;

  Producer(Transport transport, ProducerConfig config) {
    this.transport = transport;
    this.accumulator =
        new RecordAccumulator(config.lingerMs(), config.batchSize(), System::nanoTime);
    this.sender =
        Thread.ofPlatform()
            .name("minikafka-producer-" + transport.baseUrl())
            .daemon(true)
            .unstarted(new ProducerSender(transport, accumulator, config, System::nanoTime));
    sender.start();
  }

  /** A builder with Kafka's defaults; only {@link Builder#bootstrap} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues {@code record} for sending and returns a future of where it is stored.
   *
   * @throws ClientClosedException after {@link #close()}
   */
  public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
    return accumulator.append(Objects.requireNonNull(record, "record"));
  }

  /**
   * Sends every record queued before this call now, without lingering, and waits until each one is
   * stored or has failed (see its future for which).
   */
  public void flush() {
    try {
      accumulator.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MiniKafkaClientException("interrupted while flushing", e);
    }
  }

  /**
   * Flushes, then stops: later sends throw {@link ClientClosedException}. Waits as long as the
   * queued records take (at most their {@code delivery.timeout.ms}).
   */
  @Override
  public void close() {
    close(Duration.ofMillis(Long.MAX_VALUE));
  }

  /**
   * Like {@link #close()}, but waits at most {@code timeout}; records still unsent then fail with
   * {@link ClientClosedException}.
   */
  public void close(Duration timeout) {
    accumulator.close();
    if (Thread.currentThread() == sender) {
      // Called from a future's callback, on the I/O thread: waiting for it would wait forever.
      accumulator.abortUnsent(
          new ClientClosedException("the producer was closed from its own callback"));
      transport.close();
      return;
    }
    try {
      if (!sender.join(timeout)) {
        accumulator.abortUnsent(
            new ClientClosedException(
                "the producer was closed before the record was sent (close timed out after "
                    + timeout.toMillis()
                    + " ms)"));
        sender.interrupt();
        sender.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      accumulator.abortUnsent(new ClientClosedException("the producer's close was interrupted"));
      sender.interrupt();
    } finally {
      transport.close();
    }
  }

  /**
   * Builds a {@link Producer}. Not thread-safe; each {@link #build()} makes an independent producer
   * with its own connections.
   */
  public static final class Builder {
    private ConnectionSettings connection = ConnectionSettings.DEFAULTS;
    private long lingerMs = 5;
    private int batchSize = 16_384;
    private Duration deliveryTimeout = Duration.ofMinutes(2);
    private Duration retryBackoff = Duration.ofMillis(100);
    private Duration retryBackoffMax = Duration.ofSeconds(1);
    private ProducerConfig.Idempotence idempotence = ProducerConfig.Idempotence.PREFERRED;
    private int maxRequestSize = 1 << 20;

    private Builder() {}

    /** The broker's base URL, e.g. {@code http://127.0.0.1:8000}. Required. */
    public Builder bootstrap(String url) {
      connection = connection.withBootstrap(url);
      return this;
    }

    /** How long a batch waits for more records after its first ({@code linger.ms}); default 5. */
    public Builder lingerMs(long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("linger.ms must be >= 0, was " + ms);
      }
      this.lingerMs = ms;
      return this;
    }

    /** The size in bytes at which a batch leaves at once ({@code batch.size}); default 16384. */
    public Builder batchSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("batch.size must be >= 1, was " + bytes);
      }
      this.batchSize = bytes;
      return this;
    }

    /**
     * The largest request the producer makes ({@code max.request.size}); default 1 MiB. While a
     * request is out, batches that became ready meanwhile wait; the next request takes all of a
     * topic's ready batches up to this size (and the topic's {@code max.message.bytes}), one record
     * batch per partition. So a producer keeps one request in flight, keeping records in order
     * without giving up throughput to round trips.
     */
    public Builder maxRequestSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max.request.size must be >= 1, was " + bytes);
      }
      this.maxRequestSize = bytes;
      return this;
    }

    /**
     * How long a record may take from {@code send} until it is stored, retries included ({@code
     * delivery.timeout.ms}); default two minutes.
     */
    public Builder deliveryTimeout(Duration timeout) {
      this.deliveryTimeout = ConnectionSettings.positive(timeout, "delivery.timeout.ms");
      return this;
    }

    /** How long one request may take ({@code request.timeout.ms}); default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      connection = connection.withRequestTimeout(timeout, "request.timeout.ms");
      return this;
    }

    /** How long to wait for a TCP connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      connection = connection.withConnectTimeout(timeout);
      return this;
    }

    /**
     * The first pause between attempts ({@code retry.backoff.ms}, default 100 ms); it doubles per
     * attempt up to {@code max} (default one second).
     */
    public Builder retryBackoff(Duration first, Duration max) {
      this.retryBackoff = ConnectionSettings.positive(first, "retry.backoff.ms");
      this.retryBackoffMax = ConnectionSettings.positive(max, "retry.backoff.max.ms");
      return this;
    }

    /**
     * Whether the producer is idempotent ({@code enable.idempotence}). By default it is, when the
     * broker offers idempotent producers, and goes on without against a broker that does not (as
     * Kafka's client does when the setting is left alone). {@code true} insists: against such a
     * broker every record then fails. {@code false} turns it off.
     */
    public Builder enableIdempotence(boolean enable) {
      this.idempotence =
          enable ? ProducerConfig.Idempotence.REQUIRED : ProducerConfig.Idempotence.DISABLED;
      return this;
    }

    /**
     * Builds the producer. It connects lazily: a broker that is down fails (or delays) the first
     * records, not this call.
     *
     * @throws IllegalArgumentException if the bootstrap URL is missing or malformed
     */
    public Producer build() {
      if (retryBackoffMax.compareTo(retryBackoff) < 0) {
        throw new IllegalArgumentException("retry.backoff.max.ms is below retry.backoff.ms");
      }
      return new Producer(
          connection.transport(),
          new ProducerConfig(
              lingerMs,
              batchSize,
              deliveryTimeout,
              connection.requestTimeout(),
              retryBackoff,
              retryBackoffMax,
              idempotence,
              Duration.ofMinutes(5),
              maxRequestSize));
    }
  }
}
