package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.core.errors.InvalidRequestException;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Typed readers for request body fields, query and path parameters, shared by every route: strict
 * types (a number where a string belongs is an error, never converted), absent and {@code null}
 * alike for optional fields, and every error naming the field by its path, e.g. {@code
 * records[3].key} ({@code path} is where the object sits, {@code ""} for the body itself).
 *
 * <p>The readers are one; only how a bad field is reported differs, by API family: {@link
 * #CLASSROOM} (the classroom routes only) keeps the classroom guide's 422 {@code
 * unprocessable_entity} with {@code field 'x' ...} for a field that is missing or of the wrong
 * type; {@link #V1} (every {@code /v1} route) answers 400 {@code invalid_request} with {@code x
 * ...}, as for every other bad {@code /v1} input. Stateless and thread-safe.
 */
enum Fields {
  CLASSROOM,
  V1;

  /** An error for a bad value of {@code path}: {@code problem} says what is wrong with it. */
  RuntimeException invalid(String path, String problem) {
    return invalid((this == CLASSROOM ? "field '" + path + "'" : path) + " " + problem);
  }

  /** An error of this family with {@code message} as it stands. */
  RuntimeException invalid(String message) {
    return this == CLASSROOM
        ? new ApiError(422, 42, "unprocessable_entity", message)
        : new InvalidRequestException(message);
  }

  /** An error for {@code path} holding {@code actual} where {@code expected} belongs. */
  RuntimeException wrongType(String path, String expected, JsonNode actual) {
    return invalid(path, "must be " + expected + ", not " + describe(actual));
  }

  /** A field that may be absent or null, else must be a string. */
  String optionalString(ObjectNode object, String path, String field) {
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
  String requiredString(ObjectNode object, String path, String field) {
    String v = optionalString(object, path, field);
    if (v == null) {
      throw invalid(join(path, field), "is required");
    }
    return v;
  }

  /** A field that may be absent or null, else must be a whole number within a long. */
  Long optionalLong(ObjectNode object, String path, String field) {
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
  Integer optionalInt(ObjectNode object, String path, String field) {
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
  ObjectNode optionalObject(ObjectNode object, String path, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(join(path, field), "an object", v);
    }
    return (ObjectNode) v;
  }

  /** A field that must be present and an object. */
  ObjectNode requiredObject(ObjectNode object, String path, String field) {
    ObjectNode v = optionalObject(object, path, field);
    if (v == null) {
      throw invalid(join(path, field), "is required");
    }
    return v;
  }

  /** A query parameter that may be absent, else must be a whole number within a long. */
  Long queryLong(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw invalid("query parameter '" + name + "' must be a whole number, was '" + v + "'");
    }
  }

  /** A path parameter that must be a whole number within an int. */
  int pathInt(Context ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid("path parameter '" + name + "' must be a whole number, was '" + v + "'");
    }
  }

  /** The path of {@code field} inside the object at {@code path}. */
  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** What a JSON value is, for messages: "a string", "the number 3", "nothing". */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
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
