package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * One JSON request to the broker and its answer. Implementations turn every failure into a typed
 * exception: the broker's {@code {error_code, message}} into the {@link
 * dev.minikafka.core.errors.MiniKafkaException} it stands for, transport failures into {@link
 * dev.minikafka.client.MiniKafkaClientException}s.
 *
 * <p>Thread-safe: calls may run concurrently.
 */
public interface Transport extends AutoCloseable {

  /**
   * Sends {@code method path} with {@code body} (null for none) and returns the JSON answer, or a
   * {@code MissingNode} when the answer has no body (204).
   *
   * @param timeout how long to wait for the whole answer
   */
  JsonNode send(String method, String path, JsonNode body, Duration timeout);

  /**
   * Sends {@code method path} with a body of {@code contentType} (e.g. record batches) and returns
   * the JSON answer, with failures typed as {@link #send(String, String, JsonNode, Duration)} types
   * them.
   *
   * @param timeout how long to wait for the whole answer
   */
  JsonNode send(String method, String path, String contentType, byte[] body, Duration timeout);

  /**
   * A successful answer as it came: its media type and body bytes.
   *
   * @param contentType the {@code Content-Type} of the answer, or an empty string without one
   * @param body the body, empty without one
   */
  // The body is handed over, not copied: it is the one array the answer was read into.
  @SuppressWarnings("ArrayRecordComponent")
  record RawAnswer(String contentType, byte[] body) {}

  /**
   * Sends {@code method path} with {@code body} (JSON, or null for none), asking for the media
   * types of {@code accept}, and returns a successful answer unparsed; refusals and failures are
   * typed as {@link #send(String, String, JsonNode, Duration)} types them.
   *
   * @param timeout how long to wait for the whole answer
   */
  RawAnswer exchange(String method, String path, JsonNode body, String accept, Duration timeout);

  /** The broker's base URL, for messages. */
  String baseUrl();

  /** Releases connections; later calls fail. */
  @Override
  void close();
}
