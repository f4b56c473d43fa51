package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.core.errors.InvalidRequestException;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;

/**
 * The rules of {@code /v1} request bodies beyond their fields' types (which {@link Fields#V1}
 * reads): an object body, no unknown fields, the record format; every error a 400 {@code
 * invalid_request} naming the field by its path, e.g. {@code records[3].key}. Stateless.
 */
final class V1Fields {
  private V1Fields() {}

  /**
   * Reads the body as a JSON object, as {@link Json#readObject(Context, int, boolean)} does, but
   * answers a body that is JSON yet not an object with 400 {@code invalid_request} like every other
   * bad {@code /v1} input.
   */
  static ObjectNode readObject(Context ctx, int maxBytes, boolean mayBeEmpty) {
    try {
      return Json.readObject(ctx, maxBytes, mayBeEmpty);
    } catch (ApiError e) {
      if (e.status() == 422) {
        throw new InvalidRequestException(e.getMessage());
      }
      throw e;
    }
  }

  /**
   * The body as a JSON object, as {@link #readObject(Context, int, boolean)} reads it (a body is
   * required), with no field but {@code known}.
   */
  static ObjectNode readObject(Context ctx, int maxBytes, Set<String> known) {
    ObjectNode body = readObject(ctx, maxBytes, false);
    onlyKnown(body, "", known);
    return body;
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

  /** The format of keys and values: the body's {@code format} field, default string. */
  static RecordFormat format(ObjectNode body) {
    return RecordFormat.parse("format", Fields.V1.optionalString(body, "", "format"));
  }
}
