package dev.minikafka.http.internal;

import dev.minikafka.broker.Broker;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/producers}: hands out an idempotent producer's id and epoch, which its produce
 * requests then carry with their sequences.
 *
 * <p>Thread-safety: stateless apart from the broker, which is thread-safe.
 */
public final class V1ProducerRoutes {
  private final Broker broker;

  /** Routes for {@code broker}. */
  public V1ProducerRoutes(Broker broker) {
    this.broker = broker;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    routes.post("/v1/producers", this::newProducer);
  }

  private void newProducer(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("producer_id", broker.produceService().newProducerId());
    out.put("producer_epoch", 0);
    ctx.status(201);
    Json.write(ctx, out);
  }
}
