package dev.minikafka.http;

import dev.minikafka.broker.Broker;
import dev.minikafka.http.internal.AnswerBudget;
import dev.minikafka.http.internal.ClassroomRoutes;
import dev.minikafka.http.internal.DocsRoutes;
import dev.minikafka.http.internal.ErrorMapping;
import dev.minikafka.http.internal.JettyErrors;
import dev.minikafka.http.internal.V1GroupRoutes;
import dev.minikafka.http.internal.V1IndexRoute;
import dev.minikafka.http.internal.V1ProducerRoutes;
import dev.minikafka.http.internal.V1TopicRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.QoSHandler;

/**
 * The broker's HTTP API on one port: the classroom routes, the {@code /v1} topic, producer and
 * group routes, {@code /openapi.json} and Swagger UI at {@code /docs}, with permissive CORS.
 * Request handlers run on virtual threads, so a long-poll costs no platform thread.
 *
 * <p>Thread-safety: start and close from one thread; requests are served concurrently.
 */
public final class HttpServer implements AutoCloseable {
  private final Javalin app;

  private HttpServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts serving {@code broker}.
   *
   * @throws dev.minikafka.core.errors.StorageException never; see the broker
   * @throws IllegalStateException when the port cannot be bound (the message names it)
   */
  public static HttpServer start(Broker broker, HttpServerConfig config) {
    ErrorMapping errors = new ErrorMapping();
    ClassroomRoutes classroom = new ClassroomRoutes(broker, config.maxBodyBytes());
    AnswerBudget answers = new AnswerBudget(config.maxAnswerBytes());
    V1TopicRoutes v1Topics = new V1TopicRoutes(broker, config.maxBodyBytes(), answers);
    V1GroupRoutes groups = new V1GroupRoutes(broker.groups(), config.maxBodyBytes(), answers);
    V1ProducerRoutes v1Producers = new V1ProducerRoutes(broker);
    Javalin app =
        Javalin.create(
            c -> {
              c.concurrency.useVirtualThreads = true;
              // Answers are small JSON documents. Javalin's compression layer wraps every response
              // stream even when it then declines to compress, which cost about a tenth of the
              // CPU of a single-message produce in a profile.
              c.http.compressionStrategy = CompressionStrategy.NONE;
              c.http.maxRequestSize = config.maxBodyBytes();
              // A known path asked with a method it does not take is 405 with Allow, not 404.
              c.http.prefer405over404 = true;
              c.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              c.jetty.modifyServletContextHandler(
                  context -> {
                    context.insertHandler(inFlightLimit(config));
                    // Inserted last, so it wraps the limit: preflights never wait for a slot.
                    context.insertHandler(permissiveCors());
                  });
              c.startup.showJavalinBanner = false;
              c.staticFiles.enableWebjars();
              errors.install(c.routes);
              classroom.install(c.routes);
              v1Topics.install(c.routes);
              groups.install(c.routes);
              v1Producers.install(c.routes);
              V1IndexRoute.install(c.routes);
              DocsRoutes.install(c.routes);
            });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      app.stop();
      throw new IllegalStateException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e), e);
    }
    return new HttpServer(app);
  }

  /**
   * Jetty's QoS handler: at most {@code maxInFlightRequests} requests at once; one more waits up to
   * a second for a slot, then is answered 503 (JSON, by {@link JettyErrors}) with a reason. {@code
   * /health} is never held back, so that a busy broker still says it is alive.
   */
  private static QoSHandler inFlightLimit(HttpServerConfig config) {
    QoSHandler qos = new QoSHandler();
    qos.setMaxRequestCount(config.maxInFlightRequests());
    qos.setMaxSuspend(Duration.ofSeconds(1));
    qos.setMaxSuspendedRequestCount(config.maxInFlightRequests());
    qos.excludePath("/health");
    return qos;
  }

  /**
   * Jetty's cross-origin handler, open to every origin, method and header, as the classroom guide's
   * broker is: a browser page from anywhere may call the API. It answers preflight requests itself
   * (before the in-flight limit), echoes an allowed {@code Origin} and adds only {@code Vary:
   * Origin} to other requests; Javalin's CORS plugin instead ran a before-handler, with its path
   * matching, on every request.
   */
  private static CrossOriginHandler permissiveCors() {
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(Set.of("*"));
    cors.setAllowedMethods(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(Set.of("*"));
    return cors;
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** Stops accepting requests and waits for those in flight. */
  @Override
  public void close() {
    app.stop();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
