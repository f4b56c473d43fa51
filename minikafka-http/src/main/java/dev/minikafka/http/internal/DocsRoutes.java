package dev.minikafka.http.internal;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the API's description: the OpenAPI 3 document at {@code /openapi.json} and Swagger UI at
 * {@code /docs}, as the classroom guide promises. Both are resources of this module, read once.
 * Stateless and thread-safe.
 */
public final class DocsRoutes {
  private static final byte[] OPENAPI = resource("openapi.json");
  private static final byte[] DOCS_PAGE = resource("docs.html");

  private DocsRoutes() {}

  /** Registers {@code /openapi.json} and {@code /docs}. */
  public static void install(RoutesConfig routes) {
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
    routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(DOCS_PAGE));
  }

  private static byte[] resource(String name) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream("/minikafka-http/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource minikafka-http/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
