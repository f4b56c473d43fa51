package dev.minikafka.http.internal;

import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1}: what this broker's {@code /v1} API offers, so that a client can choose a route
 * by asking rather than by trying one and reading the refusal. A feature, once listed, keeps its
 * name; clients ignore names they do not know.
 *
 * <p>Thread-safety: immutable.
 */
public final class V1IndexRoute {
  /** Feature names, in the order the answer lists them. */
  private static final List<String> FEATURES =
      List.of("idempotent_producers", "record_batches", "consumer_groups");

  private V1IndexRoute() {}

  /** Registers the route. */
  public static void install(RoutesConfig routes) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("api", "v1");
    answer.put("features", FEATURES);
    routes.get("/v1", ctx -> Json.write(ctx, answer));
  }
}
