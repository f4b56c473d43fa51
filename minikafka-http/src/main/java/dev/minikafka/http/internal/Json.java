package dev.minikafka.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading request bodies and writing responses as JSON: bounded reads (also of chunked bodies),
 * strict parsing (duplicate keys, nesting depth); {@link Fields} reads the fields. Stateless and
 * thread-safe; the mapper is shared.
 */
public final class Json {
  private static final int MAX_NESTING = 64;

  /** The most bytes of a too-large body read and dropped before answering 413: 32 MiB. */
  static final int DRAIN_BYTES = 32 << 20;

  // Requests run on virtual threads, each new: Jackson's default buffer pool is per thread, so
  // it would allocate fresh buffers for every request. A shared pool reuses them.
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // "{} {}" is not one object: without this the first would be read and the rest ignored.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  private Json() {}

  /**
   * Reads the request body as a JSON object, refusing more than {@code maxBytes} however it
   * arrives.
   *
   * @throws ApiError 413 when too large, 400 when not JSON, 422 when not an object
   */
  public static ObjectNode readObject(Context ctx, int maxBytes) {
    return readObject(ctx, maxBytes, false);
  }

  /**
   * Reads the request body as {@link #readObject(Context, int)} does; with {@code mayBeEmpty}, no
   * body at all (however it was sent: no {@code Content-Length}, a length of 0, or an empty chunked
   * body) reads as {@code {}}.
   */
  static ObjectNode readObject(Context ctx, int maxBytes, boolean mayBeEmpty) {
    byte[] body = readBounded(ctx, maxBytes);
    if (body.length == 0 && mayBeEmpty) {
      return MAPPER.createObjectNode();
    }
    if (body.length == 0) {
      throw new ApiError(400, 42, "bad_request", "request body is empty; expected a JSON object");
    }
    requireUtf8(body);
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiError(
          400, 42, "bad_request", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiError(400, 42, "bad_request", "request body could not be read: " + e);
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(
          422,
          42,
          "unprocessable_entity",
          "request body must be a JSON object, not " + Fields.describe(node));
    }
    return (ObjectNode) node;
  }

  /**
   * Refuses a body in UTF-16 or UTF-32, which the JSON parser would otherwise detect and accept:
   * JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1). JSON text starts with an ASCII
   * character (whitespace or a value), so in UTF-8 its first bytes are never NUL and never a UTF-16
   * byte-order mark, and in every UTF-16 or UTF-32 form they are one or the other.
   *
   * @throws ApiError 400 when the body is not UTF-8
   */
  private static void requireUtf8(byte[] body) {
    boolean utf16Bom =
        body.length >= 2
            && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE));
    boolean nul = false;
    for (int i = 0; i < Math.min(4, body.length); i++) {
      nul |= body[i] == 0;
    }
    if (utf16Bom || nul) {
      throw new ApiError(
          400,
          42,
          "bad_request",
          "request body must be JSON in UTF-8 (RFC 8259); it looks like UTF-16 or UTF-32");
    }
  }

  /**
   * The request body's bytes, refusing more than {@code maxBytes}.
   *
   * @throws ApiError 413 when too large, 400 when it cannot be read
   */
  static byte[] readBounded(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    // The servlet's own stream reads in blocks; the stream Javalin wraps it in reads a byte per
    // call, which cost a tenth of a small produce's CPU. With a declared length no more can come
    // (the server enforces it), so that is all we ask for; chunked bodies read up to one past the
    // limit to tell "exactly at" from "over".
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared > maxBytes) {
        drain(in, declared);
        throw tooLarge(maxBytes);
      }
      int wanted = declared >= 0 ? (int) declared : maxBytes + 1;
      byte[] bytes = in.readNBytes(wanted);
      if (bytes.length > maxBytes) {
        drain(in, DRAIN_BYTES);
        throw tooLarge(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiError(400, 42, "bad_request", "request body could not be read: " + e);
    }
  }

  /**
   * Reads and drops what is left of the request body, when at most {@link #DRAIN_BYTES} (see {@link
   * #drain}); for a request refused before its body was read (a bad path parameter, say), so that
   * the connection can serve the client's next request. Never throws.
   */
  static void discardBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared == 0 || declared > DRAIN_BYTES) {
      return;
    }
    try {
      drain(ctx.req().getInputStream(), DRAIN_BYTES);
    } catch (IOException | RuntimeException e) {
      // The client went away, or the body was consumed already: nothing left to keep.
    }
  }

  /**
   * Reads and drops the rest of a refused body when it is at most {@link #DRAIN_BYTES}: many
   * clients (the JDK's among them) send the whole body before they read the answer, and a server
   * that closes the connection on unread bytes resets it, losing the 413 on the way. A longer body
   * is left unread: the connection is then closed, and such a client may see a reset instead.
   */
  private static void drain(InputStream in, long atMost) throws IOException {
    if (atMost > DRAIN_BYTES) {
      return;
    }
    long left = atMost;
    byte[] sink = new byte[64 << 10];
    while (left > 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  private static ApiError tooLarge(int maxBytes) {
    return new ApiError(
        413, 10, "payload_too_large", "request body exceeds the limit of " + maxBytes + " bytes");
  }

  /**
   * Writes {@code body} as the JSON response, with its length, and commits the response: status and
   * headers must be set before. The bytes go straight to the servlet's stream, not through a result
   * stream, which Javalin copies through a new buffer of the response buffer's size (32 KiB) per
   * request: a tenth of a small produce's CPU in a profile.
   */
  public static void write(Context ctx, Object body) {
    byte[] bytes = bytes(body);
    HttpServletResponse response = ctx.res();
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    try {
      ResponseBodies.write(response, bytes);
    } catch (IOException e) {
      // The client went away: nobody is left to answer.
    }
  }

  /** {@code body} as JSON. */
  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response does not serialize", e);
    }
  }

  /** The body of every error response. */
  static Map<String, Object> errorBody(int errorCode, String error, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error_code", errorCode);
    m.put("error", error);
    m.put("message", message);
    return m;
  }
}
