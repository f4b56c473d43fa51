package dev.minikafka.http.internal;

import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.DuplicateSequenceException;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.core.errors.InconsistentGroupProtocolException;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.InvalidGroupIdException;
import dev.minikafka.core.errors.InvalidPartitionsException;
import dev.minikafka.core.errors.InvalidProducerEpochException;
import dev.minikafka.core.errors.InvalidRecordException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.InvalidSessionTimeoutException;
import dev.minikafka.core.errors.InvalidTopicException;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.NonEmptyGroupException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.OutOfOrderSequenceException;
import dev.minikafka.core.errors.RecordTooLargeException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.core.errors.UnknownProducerIdException;
import dev.minikafka.core.errors.UnknownServerException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.Locale;

/**
 * Turns every failure into a JSON error body with a fitting status: the broker's errors by their
 * Kafka error code, request-parsing errors as they were raised, anything unexpected as a 500 that
 * is logged with its stack trace (a bug, never a client's mistake). Client errors are logged in one
 * line, without a stack trace.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorMapping {
  private static final System.Logger LOG = System.getLogger("minikafka.http");

  /**
   * Registers the exception handlers, the JSON 404 for unknown paths and the JSON 405 (with {@code
   * Allow}) for a method a known path does not take.
   */
  public void install(RoutesConfig routes) {
    routes.exception(ApiError.class, (e, ctx) -> respond(ctx, e));
    routes.exception(MiniKafkaException.class, (e, ctx) -> respond(ctx, map(e)));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            respond(
                ctx,
                new ApiError(
                    e.getStatus(),
                    -1,
                    reason(e.getStatus()),
                    e.getMessage() == null ? reason(e.getStatus()) : e.getMessage())));
    routes.exception(
        MethodNotAllowedResponse.class,
        (e, ctx) -> {
          // The details hold one entry, the path's methods ("GET, POST"); its key depends on
          // whether the client accepts HTML.
          String methods = String.join(", ", e.getDetails().values());
          ctx.header("Allow", methods);
          respond(
              ctx,
              new ApiError(
                  405,
                  -1,
                  reason(405),
                  ctx.method() + " is not a method of " + ctx.path() + "; it takes " + methods));
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.log(
              System.Logger.Level.ERROR, "internal error on " + ctx.method() + " " + ctx.path(), e);
          respond(
              ctx, new ApiError(500, -1, "internal_error", "internal error; see the broker log"));
        });
    routes.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            respond(
                ctx,
                new ApiError(404, -1, "not_found", "no route " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  /** The status and body for a broker error. */
  static ApiError map(MiniKafkaException e) {
    int status =
        switch (e) {
          case UnknownTopicOrPartitionException x -> 404;
          case UnknownConsumerException x -> 404;
          case OffsetOutOfRangeException x -> 416;
          case RecordTooLargeException x -> 413;
          case TopicExistsException x -> 409;
          case InvalidTopicException x -> 400;
          case InvalidPartitionsException x -> 400;
          case InvalidConfigException x -> 400;
          case InvalidRequestException x -> 400;
          case InvalidRecordException x -> 400;
          case CorruptRecordException x -> 400;
          case StorageException x -> 503;
          case UnknownMemberIdException x -> 404;
          case IllegalGenerationException x -> 409;
          case NonEmptyGroupException x -> 409;
          case InconsistentGroupProtocolException x -> 409;
          case InvalidGroupIdException x -> 400;
          case InvalidSessionTimeoutException x -> 400;
          case OutOfOrderSequenceException x -> 409;
          case DuplicateSequenceException x -> 409;
          case InvalidProducerEpochException x -> 409;
          case UnknownProducerIdException x -> 404;
          case UnknownServerException x -> 500;
        };
    return new ApiError(
        status,
        e.errorCode().code(),
        e.errorCode().name().toLowerCase(Locale.ROOT),
        e.getMessage());
  }

  private static void respond(Context ctx, ApiError e) {
    if (e.status() < 500 || e.status() == 503) {
      LOG.log(
          System.Logger.Level.INFO,
          "rejected "
              + ctx.method()
              + " "
              + ctx.path()
              + ": "
              + e.status()
              + " "
              + e.error()
              + ": "
              + e.getMessage());
    }
    // A refusal may come before the body was read; reading it now keeps the connection usable
    // for the client's next request instead of closing it under the client's feet.
    Json.discardBody(ctx);
    ctx.status(e.status());
    // As a result, not written: the response stays open for after-handlers, such as the CORS
    // plugin's, which turns a preflight's 405 into its 200.
    ctx.contentType("application/json")
        .result(Json.bytes(Json.errorBody(e.errorCode(), e.error(), e.getMessage())));
  }

  /** The short error name of a status that no broker error stands behind. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "request_header_fields_too_large";
      case 503 -> "server_busy";
      default -> "http_" + status;
    };
  }
}
