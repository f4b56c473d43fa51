package dev.minikafka.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.Header;
import dev.minikafka.client.UnexpectedResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of the {@code /v1} API: one shared mapper, base64 for bytes, path segments, and field
 * accessors that fail with a message naming the field when an answer lacks it. Stateless and
 * thread-safe.
 */
public final class WireJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private WireJson() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(byte[] body) throws JsonProcessingException {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(byte[] body, int offset, int length) throws JsonProcessingException {
    // Closed here, as readTree leaves a parser it is given open: an unclosed parser never hands
    // the field names it met back to the factory, so every later parse copied its name table.
    try (JsonParser parser = MAPPER.getFactory().createParser(body, offset, length)) {
      return MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A successful answer's body as JSON.
   *
   * @param what what the answer is, for the message
   * @throws UnexpectedResponseException when it is not JSON
   */
  public static JsonNode parse(byte[] body, String what) {
    try {
      return body.length == 0
          ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
          : parse(body);
    } catch (JsonProcessingException e) {
      throw unexpected(what + " answered something that is not JSON: " + e.getOriginalMessage());
    }
  }

  /** {@code value} as one URL path segment. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Base64 of {@code bytes}, or null. */
  public static String base64(byte[] bytes) {
    return bytes == null ? null : B64.encodeToString(bytes);
  }

  /** The bytes of a base64 text node, or null for a null or missing node. */
  public static byte[] fromBase64(JsonNode node, String what) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isTextual()) {
      throw unexpected(what + " is not a base64 string: " + node);
    }
    try {
      return B64D.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw unexpected(what + " is not valid base64");
    }
  }

  /** The headers of {@code record} (a list of {@code {key, value}} in base64). */
  public static List<Header> headers(JsonNode record) {
    JsonNode headers = record.path("headers");
    if (!headers.isArray() || headers.isEmpty()) {
      return List.of();
    }
    List<Header> out = new ArrayList<>(headers.size());
    for (JsonNode h : headers) {
      out.add(new Header(text(h, "key"), fromBase64(h.get("value"), "header value")));
    }
    return out;
  }

  /** Writes {@code headers} as {@code [{key, value}]} in base64. */
  public static ArrayNode headersJson(List<Header> headers) {
    ArrayNode out = array();
    for (Header h : headers) {
      ObjectNode node = out.addObject();
      node.put("key", h.key());
      node.put("value", base64(h.value()));
    }
    return out;
  }

  /** A required integral field. */
  public static long longField(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw unexpected("the answer lacks the number '" + field + "': " + node);
    }
    return v.asLong();
  }

  /** A required int field. */
  public static int intField(JsonNode node, String field) {
    return Math.toIntExact(longField(node, field));
  }

  /** A nullable integral field. */
  public static Long optionalLong(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.canConvertToLong() ? null : v.asLong();
  }

  /** A required text field. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw unexpected("the answer lacks the text '" + field + "': " + node);
    }
    return v.asText();
  }

  /** A nullable text field. */
  public static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** An answer that does not have the documented shape. */
  public static UnexpectedResponseException unexpected(String message) {
    return new UnexpectedResponseException(200, message);
  }
}
