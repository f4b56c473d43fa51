package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.core.errors.InvalidRequestException;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Typed access to the fields of {@code /v1} request bodies, path and query: strict types (a number
 * where a string belongs is an error, not converted), and every error a 400 {@code invalid_request}
 * whose message names the field by its path, e.g. {@code records[3].key}. Stateless.
 */
final class V1Fields {
  private V1Fields() {}

  /**
   * Reads the body as a JSON object, as {@link Json#readObject} does, but answers a body that is
   * JSON yet not an object with 400 {@code invalid_request} like every other bad {@code /v1} input.
   */
  static ObjectNode readObject(Context ctx, int maxBytes) {
    try {
      return Json.readObject(ctx, maxBytes);
    } catch (ApiError e) {
      if (e.status() == 422) {
        throw new InvalidRequestException(e.getMessage());
      }
      throw e;
    }
  }

  /** Refuses fields outside {@code known}, so that a misspelt field is not silently ignored. */
  static void onlyKnown(ObjectNode object, String path, Set<String> known) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidRequestException(
            (path.isEmpty() ? "the request" : path)
                + " has an unknown field '"
                + name
                + "'; known are "
                + known);
      }
    }
  }

  /** A field that may be absent or null, else must be a string. */
  static String optionalString(ObjectNode object, String path, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(join(path, field), "a string", v);
    }
    return v.textValue();
  }

  /** A field that must be present and a string. */
  static String requiredString(ObjectNode object, String path, String field) {
    String v = optionalString(object, path, field);
    if (v == null) {
      throw new InvalidRequestException(join(path, field) + " is required");
    }
    return v;
  }

  /** A field that may be absent or null, else must be a whole number within a long. */
  static Long optionalLong(ObjectNode object, String path, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrongType(join(path, field), "a whole number", v);
    }
    return v.longValue();
  }

  /** A field that may be absent or null, else must be a whole number within an int. */
  static Integer optionalInt(ObjectNode object, String path, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrongType(join(path, field), "a 32-bit whole number", v);
    }
    return v.intValue();
  }

  /** A field that may be absent or null, else must be an object. */
  static ObjectNode optionalObject(ObjectNode object, String path, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(join(path, field), "an object", v);
    }
    return (ObjectNode) v;
  }

  /** The format of keys and values: the body's {@code format} field, default string. */
  static RecordFormat format(ObjectNode body) {
    return RecordFormat.parse("format", optionalString(body, "", "format"));
  }

  /** A path parameter that must be a whole number within an int. */
  static int pathInt(Context ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "path parameter '" + name + "' must be a whole number, was '" + v + "'");
    }
  }

  /** A query parameter that may be absent, else must be a whole number within a long. */
  static Long queryLong(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "query parameter '" + name + "' must be a whole number, was '" + v + "'");
    }
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static InvalidRequestException wrongType(String what, String expected, JsonNode actual) {
    return new InvalidRequestException(what + " must be " + expected + ", not " + describe(actual));
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case NUMBER -> "the number " + node.asText();
      case OBJECT -> "an object";
      case STRING -> "a string";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
