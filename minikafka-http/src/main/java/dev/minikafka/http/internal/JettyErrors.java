package dev.minikafka.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request Jetty refuses before any route sees it (a path with {@code %00} or a
 * broken escape, a URI or headers too long): the same JSON error body as every other refusal,
 * {@code {error_code, error, message}}, instead of Jetty's HTML page. Such a request never reaches
 * the broker, so nothing stored changes.
 *
 * <p>Stateless and thread-safe.
 */
public final class JettyErrors extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int status, String message) {
    String reason = ErrorMapping.reason(status);
    // Jetty says no more than the reason phrase; for a 400 the likely causes are worth naming.
    String text =
        status == 400
            ? "the request line or a header is malformed (e.g. %00, a broken %-escape or a control"
                + " character in the path)"
            : "the server refused the request before reading it: "
                + (message == null || message.isBlank() ? reason : message);
    try {
      return Json.MAPPER.writeValueAsBytes(Json.errorBody(status == 400 ? 42 : -1, reason, text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body does not serialize", e);
    }
  }
}
