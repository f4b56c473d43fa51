package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A scripted {@link Transport} for the code around the HTTP call (batching, retries, sequences):
 * records each request and answers it with the next scripted step. Thread-safe.
 */
final class FakeTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as sent. */
  record Request(String method, String path, JsonNode body) {}

  private final List<Request> requests = new ArrayList<>();
  private final List<byte[]> batchBodies = new ArrayList<>();
  private boolean acceptBatches;
  private final Deque<Function<Request, JsonNode>> script = new ArrayDeque<>();
  private Function<Request, JsonNode> fallback =
      r -> {
        throw new AssertionError("unexpected request " + r);
      };

  /** Answers the next request with {@code step} (which may throw). */
  synchronized FakeTransport then(Function<Request, JsonNode> step) {
    script.add(step);
    return this;
  }

  /** Answers every request after the script with {@code step}. */
  synchronized FakeTransport otherwise(Function<Request, JsonNode> step) {
    fallback = step;
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A produce answer acknowledging each record of the request at consecutive offsets. */
  static JsonNode acknowledgeAll(Request r, long firstOffset) {
    var results = WireJson.array();
    long offset = firstOffset;
    for (JsonNode rec : r.body().get("records")) {
      var o = results.addObject();
      o.put("partition", rec.path("partition").asInt(0));
      o.put("offset", offset++);
      o.put("timestamp", 1_764_000_000_000L);
    }
    var answer = WireJson.object();
    answer.set("results", results);
    return answer;
  }

  /**
   * Answers {@code GET /v1} without recording it: listing record batches with {@link
   * #acceptBatches()}, 404 "no route" without.
   */
  @Override
  public JsonNode send(String method, String path, JsonNode body, Duration timeout) {
    if (method.equals("GET") && path.equals("/v1")) {
      synchronized (this) {
        if (!acceptBatches) {
          throw noRoute(method, path);
        }
      }
      return json("{\"api\":\"v1\",\"features\":[\"record_batches\"]}");
    }
    Function<Request, JsonNode> step;
    Request request = new Request(method, path, body == null ? null : body.deepCopy());
    synchronized (this) {
      requests.add(request);
      step = script.isEmpty() ? fallback : script.poll();
    }
    return step.apply(request);
  }

  /**
   * Without {@link #acceptBatches()}, answers 404 "no route" without recording the request: the
   * fake stands for a broker without the record-batch route, so the code under test speaks JSON to
   * it. With it, records the request (its body in {@link #batchBodies()}) and answers it with the
   * next scripted step.
   */
  @Override
  public JsonNode send(
      String method, String path, String contentType, byte[] body, Duration timeout) {
    Function<Request, JsonNode> step;
    Request request = new Request(method, path, null);
    synchronized (this) {
      if (!acceptBatches) {
        throw noRoute(method, path);
      }
      requests.add(request);
      batchBodies.add(body.clone());
      step = script.isEmpty() ? fallback : script.poll();
    }
    return step.apply(request);
  }

  /** The answer of a broker without the route: a plain 404, not a typed error. */
  private static dev.minikafka.client.UnexpectedResponseException noRoute(
      String method, String path) {
    return new dev.minikafka.client.UnexpectedResponseException(
        404, method + " " + path + " answered 404: no route");
  }

  /** Makes the fake a broker with the record-batch route. */
  synchronized FakeTransport acceptBatches() {
    acceptBatches = true;
    return this;
  }

  /** The bodies of the record-batch requests, in order. */
  synchronized List<byte[]> batchBodies() {
    return List.copyOf(batchBodies);
  }

  @Override
  public RawAnswer exchange(
      String method, String path, JsonNode body, String accept, Duration timeout) {
    throw new AssertionError("unexpected raw request " + method + " " + path);
  }

  @Override
  public String baseUrl() {
    return "http://fake";
  }

  @Override
  public void close() {}
}
