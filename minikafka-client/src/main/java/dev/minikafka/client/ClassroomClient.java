package dev.minikafka.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.internal.ConnectionSettings;
import dev.minikafka.client.internal.Transport;
import dev.minikafka.client.internal.WireJson;
import java.time.Duration;
import java.util.Optional;

/**
 * The classroom endpoints of a broker ({@code /topics/register}, {@code /producers/register},
 * {@code /consumers/register}, {@code /produce}, {@code /consume}, {@code /stats}): one message per
 * request, one offset per registered consumer, kept by the broker. This is the API the classroom
 * guide teaches; {@link Producer}, {@link Consumer} and {@link Admin} speak the {@code /v1} API
 * instead.
 *
 * <p>Each method is one request that blocks until the broker answers. The broker's refusals come as
 * the typed exceptions of {@code dev.minikafka.core.errors}; failures on the client's side as
 * {@link MiniKafkaClientException}s (e.g. {@link BrokerUnavailableException}). Nothing is retried.
 *
 * <p>Thread-safe: share one instance; it keeps its connections open until {@link #close()}.
 */
public final class ClassroomClient implements AutoCloseable {
  /** The most a {@link #consume} request may wait for a message, as the broker allows. */
  public static final Duration MAX_CONSUME_WAIT = Duration.ofMinutes(5);

  private final Transport transport;
  private final Duration requestTimeout;

  private ClassroomClient(Transport transport, Duration requestTimeout) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
  }

  /** A builder; only {@link Builder#bootstrap} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code POST /topics/register}: creates the topic unless it exists. */
  public TopicRegistration registerTopic(String topic) {
    JsonNode a = post("/topics/register", WireJson.object().put("topic", topic), requestTimeout);
    return new TopicRegistration(
        WireJson.text(a, "topic"), a.path("partitions").asInt(1), a.path("created").asBoolean());
  }

  /**
   * {@code POST /producers/register}.
   *
   * @param producerId the producer's id, or null to have the broker choose one
   */
  public ProducerRegistration registerProducer(String topic, String producerId) {
    ObjectNode body = WireJson.object().put("topic", topic);
    if (producerId != null) {
      body.put("producer_id", producerId);
    }
    JsonNode a = post("/producers/register", body, requestTimeout);
    return new ProducerRegistration(WireJson.text(a, "producer_id"), WireJson.text(a, "topic"));
  }

  /**
   * {@code POST /consumers/register}: a known id keeps its offset, a new one starts at 0.
   *
   * @param consumerId the consumer's id, or null to have the broker choose one
   */
  public ConsumerRegistration registerConsumer(String topic, String consumerId) {
    ObjectNode body = WireJson.object().put("topic", topic);
    if (consumerId != null) {
      body.put("consumer_id", consumerId);
    }
    JsonNode a = post("/consumers/register", body, requestTimeout);
    return new ConsumerRegistration(
        WireJson.text(a, "consumer_id"),
        WireJson.text(a, "topic"),
        WireJson.longField(a, "offset"));
  }

  /**
   * {@code POST /produce}: appends one message.
   *
   * @param key the message's key, or null
   */
  public Produced produce(String topic, String key, String value) {
    ObjectNode body = WireJson.object().put("topic", topic).put("value", value);
    if (key != null) {
      body.put("key", key);
    }
    JsonNode a = post("/produce", body, requestTimeout);
    return new Produced(
        WireJson.text(a, "topic"),
        WireJson.intField(a, "partition"),
        WireJson.longField(a, "offset"),
        WireJson.longField(a, "timestamp"));
  }

  /**
   * {@code POST /consume}: the consumer's next message, which moves its offset past it; waits up to
   * {@code wait} for one (zero: answer at once). Empty when there is none (HTTP 204).
   *
   * @throws IllegalArgumentException if {@code wait} is negative or above {@link #MAX_CONSUME_WAIT}
   */
  public Optional<Message> consume(String consumerId, Duration wait) {
    if (wait.isNegative() || wait.compareTo(MAX_CONSUME_WAIT) > 0) {
      throw new IllegalArgumentException(
          "wait must be 0 to " + MAX_CONSUME_WAIT.toMillis() + " ms, was " + wait.toMillis());
    }
    ObjectNode body = WireJson.object().put("consumer_id", consumerId);
    if (!wait.isZero()) {
      body.put("timeout_ms", wait.toMillis());
    }
    JsonNode a = post("/consume", body, requestTimeout.plus(wait));
    if (a.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(
        new Message(
            WireJson.text(a, "topic"),
            WireJson.intField(a, "partition"),
            WireJson.longField(a, "offset"),
            WireJson.optionalText(a, "key"),
            WireJson.optionalText(a, "value"),
            a.path("timestamp").asLong(-1)));
  }

  /**
   * {@code GET /stats}, as the broker sends it: {@code {"topics": {NAME: {"partitions",
   * "messages"}}, "consumers": {ID: {"topic", "offset"}}}}.
   */
  public JsonNode stats() {
    JsonNode a = transport.send("GET", "/stats", null, requestTimeout);
    if (!a.isObject()) {
      throw WireJson.unexpected("GET /stats answered without statistics");
    }
    return a;
  }

  /** The broker's base URL. */
  public String baseUrl() {
    return transport.baseUrl();
  }

  /** Closes the connections. */
  @Override
  public void close() {
    transport.close();
  }

  private JsonNode post(String path, ObjectNode body, Duration timeout) {
    return transport.send("POST", path, body, timeout);
  }

  /**
   * A topic after {@code /topics/register}.
   *
   * @param topic its name
   * @param partitions how many partitions it has
   * @param created whether this request created it
   */
  public record TopicRegistration(String topic, int partitions, boolean created) {}

  /**
   * A registered producer.
   *
   * @param producerId its id
   * @param topic its topic
   */
  public record ProducerRegistration(String producerId, String topic) {}

  /**
   * A registered consumer.
   *
   * @param consumerId its id
   * @param topic its topic
   * @param offset the offset of the next message it reads
   */
  public record ConsumerRegistration(String consumerId, String topic, long offset) {}

  /**
   * Where {@code /produce} stored a message.
   *
   * @param topic its topic
   * @param partition its partition
   * @param offset its offset
   * @param timestamp its timestamp in epoch milliseconds
   */
  public record Produced(String topic, int partition, long offset, long timestamp) {}

  /**
   * A message from {@code /consume}.
   *
   * @param topic its topic
   * @param partition its partition
   * @param offset its offset
   * @param key its key, or null
   * @param value its value, or null
   * @param timestamp its timestamp in epoch milliseconds, or -1 when the broker sent none
   */
  public record Message(
      String topic, int partition, long offset, String key, String value, long timestamp) {}

  /** Builds a {@link ClassroomClient}. Not thread-safe. */
  public static final class Builder {
    private ConnectionSettings connection = ConnectionSettings.DEFAULTS;

    private Builder() {}

    /** The broker's base URL, e.g. {@code http://127.0.0.1:8000}. Required. */
    public Builder bootstrap(String url) {
      connection = connection.withBootstrap(url);
      return this;
    }

    /** How long one request may take, on top of a consume's wait; default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      connection = connection.withRequestTimeout(timeout, "request timeout");
      return this;
    }

    /** How long to wait for a TCP connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      connection = connection.withConnectTimeout(timeout);
      return this;
    }

    /**
     * Builds the client; it connects on first use.
     *
     * @throws IllegalArgumentException if the bootstrap URL is missing or malformed
     */
    public ClassroomClient build() {
      return new ClassroomClient(connection.transport(), connection.requestTimeout());
    }
  }
}
