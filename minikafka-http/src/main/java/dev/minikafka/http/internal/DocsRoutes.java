package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serves the API's description: the OpenAPI 3 document at {@code /openapi.json} and Swagger UI at
 * {@code /docs}, as the classroom guide promises. Both are resources of this module, read once.
 *
 * <p>The document is kept in parts, one per group of routes: {@code openapi.json} (the classroom
 * API, and the document's header) and each of {@link #PARTS}, whose {@code paths}, {@code tags} and
 * {@code components.schemas} are merged into it. A name defined twice is an error at start-up, not
 * a silent overwrite. Stateless and thread-safe.
 */
public final class DocsRoutes {
  /** The parts merged into {@code openapi.json}, in the order their tags are listed. */
  static final List<String> PARTS = List.of("openapi-v1-topics.json", "openapi-v1-groups.json");

  private static final byte[] OPENAPI = merged();
  private static final byte[] DOCS_PAGE = resource("docs.html");

  private DocsRoutes() {}

  /** Registers {@code /openapi.json} and {@code /docs}. */
  public static void install(RoutesConfig routes) {
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
    routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(DOCS_PAGE));
  }

  private static byte[] merged() {
    try {
      ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(resource("openapi.json"));
      for (String part : PARTS) {
        byte[] bytes = optionalResource(part);
        if (bytes != null) {
          merge(doc, (ObjectNode) Json.MAPPER.readTree(bytes), part);
        }
      }
      return Json.MAPPER.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode doc, ObjectNode part, String name) {
    mergeFields(doc.withObject("/paths"), part.path("paths"), name);
    mergeFields(
        doc.withObject("/components/schemas"), part.path("components").path("schemas"), name);
    mergeFields(
        doc.withObject("/components/parameters"), part.path("components").path("parameters"), name);
    if (part.has("tags")) {
      doc.withArray("/tags").addAll((ArrayNode) part.get("tags"));
    }
  }

  private static void mergeFields(ObjectNode into, JsonNode from, String part) {
    from.properties()
        .forEach(
            e -> {
              if (into.has(e.getKey())) {
                throw new IllegalStateException(
                    part
                        + " defines "
                        + e.getKey()
                        + " again; it is already in the OpenAPI document");
              }
              into.set(e.getKey(), e.getValue());
            });
  }

  private static byte[] optionalResource(String name) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream("/minikafka-http/" + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
