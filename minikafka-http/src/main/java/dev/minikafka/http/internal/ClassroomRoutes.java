package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.broker.Broker;
import dev.minikafka.broker.BrokerStats;
import dev.minikafka.broker.ConsumedMessage;
import dev.minikafka.broker.ConsumerRegistration;
import dev.minikafka.broker.ProduceResult;
import dev.minikafka.broker.TopicRegistration;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The classroom guide's API, paths, bodies and status codes as the guide describes them: welcome,
 * health, topic / producer / consumer registration, produce, consume (with the guide's suggested
 * {@code timeout_ms} long-poll), and stats.
 *
 * <p>Thread-safety: stateless apart from the broker, which is thread-safe.
 */
public final class ClassroomRoutes {
  private final Broker broker;
  private final int maxBodyBytes;

  /** Routes for {@code broker}, refusing bodies over {@code maxBodyBytes}. */
  public ClassroomRoutes(Broker broker, int maxBodyBytes) {
    this.broker = broker;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    routes.get("/", this::welcome);
    routes.get("/health", ctx -> Json.write(ctx, Map.of("status", "ok")));
    routes.post("/topics/register", this::registerTopic);
    routes.post("/producers/register", this::registerProducer);
    routes.post("/consumers/register", this::registerConsumer);
    routes.post("/produce", this::produce);
    routes.post("/consume", this::consume);
    routes.get("/stats", this::stats);
  }

  private void welcome(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", "Welcome to minikafka, a small durable Kafka-like broker");
    body.put("docs", "/docs");
    body.put("openapi", "/openapi.json");
    Json.write(ctx, body);
  }

  private void registerTopic(Context ctx) {
    ObjectNode body = Json.readObject(ctx, maxBodyBytes);
    TopicRegistration r = broker.registerTopic(Fields.CLASSROOM.requiredString(body, "", "topic"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", r.topic());
    out.put("partitions", r.partitions());
    out.put("created", r.created());
    Json.write(ctx, out);
  }

  private void registerProducer(Context ctx) {
    ObjectNode body = Json.readObject(ctx, maxBodyBytes);
    String topic = Fields.CLASSROOM.requiredString(body, "", "topic");
    String id =
        broker.registerProducer(topic, Fields.CLASSROOM.optionalString(body, "", "producer_id"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("producer_id", id);
    out.put("topic", topic);
    Json.write(ctx, out);
  }

  private void registerConsumer(Context ctx) {
    ObjectNode body = Json.readObject(ctx, maxBodyBytes);
    ConsumerRegistration r =
        broker.registerConsumer(
            Fields.CLASSROOM.requiredString(body, "", "topic"),
            Fields.CLASSROOM.optionalString(body, "", "consumer_id"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("consumer_id", r.consumerId());
    out.put("topic", r.topic());
    out.put("offset", r.offset());
    Json.write(ctx, out);
  }

  private void produce(Context ctx) {
    ObjectNode body = Json.readObject(ctx, maxBodyBytes);
    String topic = Fields.CLASSROOM.requiredString(body, "", "topic");
    String value = Fields.CLASSROOM.requiredString(body, "", "value");
    String key = Fields.CLASSROOM.optionalString(body, "", "key");
    ProduceResult r = broker.produce(topic, key, value);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", r.topic());
    out.put("partition", r.partition());
    out.put("offset", r.offset());
    out.put("timestamp", r.timestamp());
    Json.write(ctx, out);
  }

  private void consume(Context ctx) {
    ObjectNode body = Json.readObject(ctx, maxBodyBytes);
    String consumerId = Fields.CLASSROOM.requiredString(body, "", "consumer_id");
    Long timeout = Fields.CLASSROOM.optionalLong(body, "", "timeout_ms");
    Long queryTimeout = Fields.CLASSROOM.queryLong(ctx, "timeout_ms");
    long timeoutMs = timeout != null ? timeout : queryTimeout != null ? queryTimeout : 0;
    Optional<ConsumedMessage> message = broker.consume(consumerId, timeoutMs);
    if (message.isEmpty()) {
      ctx.status(204);
      return;
    }
    ConsumedMessage m = message.get();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", m.topic());
    out.put("partition", m.partition());
    out.put("offset", m.offset());
    out.put("value", m.value());
    if (m.key() != null) {
      out.put("key", m.key());
    }
    out.put("timestamp", m.timestamp());
    Json.write(ctx, out);
  }

  private void stats(Context ctx) {
    BrokerStats s = broker.stats();
    Map<String, Object> topics = new TreeMap<>();
    s.topics()
        .forEach(
            (name, t) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("partitions", t.partitions());
              m.put("messages", t.messages());
              topics.put(name, m);
            });
    Map<String, Object> consumers = new TreeMap<>();
    s.consumers()
        .forEach(
            (id, c) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("topic", c.topic());
              m.put("offset", c.offset());
              consumers.put(id, m);
            });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topics", topics);
    out.put("consumers", consumers);
    Json.write(ctx, out);
  }
}
