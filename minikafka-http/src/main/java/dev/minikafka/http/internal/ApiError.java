package dev.minikafka.http.internal;

/**
 * A client-visible error: an HTTP status and the JSON body {@code {error_code, error, message}}.
 * Thrown by request parsing; mapped by {@link ErrorMapping}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final int errorCode;
  private final String error;

  /**
   * Creates an error.
   *
   * @param status the HTTP status, 4xx or 503
   * @param errorCode the Kafka error code (-1 when none fits, 42 for a malformed request)
   * @param error a short machine-readable name, e.g. {@code payload_too_large}
   * @param message what was wrong, naming the field
   */
  public ApiError(int status, int errorCode, String error, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.error = error;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The Kafka error code. */
  public int errorCode() {
    return errorCode;
  }

  /** The short error name. */
  public String error() {
    return error;
  }
}
