package dev.minikafka.bench.peers;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The benchmark's operations on NATS JetStream, over the official client (jnats): one record is one
 * message; a stream has one subject; a record's position is its stream sequence (1, 2, ...).
 *
 * <ul>
 *   <li>{@link #ensureStream} creates a stream with file storage and the server's defaults;
 *   <li>{@link #producer} opens a {@link Producer}: one connection, for one client thread, with a
 *       synchronous publish and asynchronous publishes with a bounded window of outstanding acks;
 *   <li>{@link #reader} opens a {@link Reader}: a durable pull consumer read with the client's
 *       {@code iterate} (pull requests kept ahead of the reader), acknowledged per batch;
 *   <li>{@link #read} reads one message by stream sequence (the stream's message-get API), for
 *       random access.
 * </ul>
 *
 * <p>JetStream API errors ({@link JetStreamApiException}) reach callers as {@link IOException}s
 * whose cause is the API error.
 *
 * <p>Thread-safety: this class is thread-safe (a NATS connection is); {@link Producer} and {@link
 * Reader} each belong to one thread at a time.
 */
public final class NatsStreams implements AutoCloseable {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_STALL = Duration.ofSeconds(10);
  // The client reads a zero timeout as "wait forever"; this is the shortest real wait.
  private static final Duration NO_WAIT = Duration.ofNanos(1);

  private final String url;
  private final Connection admin;
  private final JetStreamManagement management;

  /** Connects to the NATS server at {@code url}, e.g. {@code nats://127.0.0.1:4222}. */
  public NatsStreams(String url) throws IOException, InterruptedException {
    this.url = url;
    this.admin = connect(url, "admin");
    this.management = admin.jetStreamManagement();
  }

  /** The client library and its version, e.g. {@code jnats 2.26.2}, for reports. */
  public static String clientVersion() {
    return "jnats " + Nats.CLIENT_VERSION;
  }

  /**
   * Creates {@code stream} with the one subject {@code subject}, file storage and every other
   * setting at the server's default (limits retention, no limits). Does nothing if the stream
   * exists with that configuration; fails if it exists with another.
   */
  public void ensureStream(String stream, String subject) throws IOException {
    StreamConfiguration config =
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.File)
            .build();
    try {
      management.addStream(config);
    } catch (JetStreamApiException e) {
      throw apiError("creating stream " + stream, e);
    }
  }

  /** Deletes {@code stream} with its messages and consumers. */
  public void delete(String stream) throws IOException {
    try {
      management.deleteStream(stream);
    } catch (JetStreamApiException e) {
      throw apiError("deleting stream " + stream, e);
    }
  }

  /** The number of messages in {@code stream}. */
  public long length(String stream) throws IOException {
    try {
      return management.getStreamInfo(stream).getStreamState().getMsgCount();
    } catch (JetStreamApiException e) {
      throw apiError("reading the state of stream " + stream, e);
    }
  }

  /** The data of the message at {@code sequence} (1-based) of {@code stream}. */
  public byte[] read(String stream, long sequence) throws IOException {
    try {
      MessageInfo message = management.getMessage(stream, sequence);
      return message.getData();
    } catch (JetStreamApiException e) {
      throw apiError("getting message " + sequence + " of stream " + stream, e);
    }
  }

  /** Opens a producer on its own connection, publishing to {@code subject}. */
  public Producer producer(String subject) throws IOException, InterruptedException {
    return new Producer(connect(url, "producer"), subject);
  }

  /**
   * Opens a reader on its own connection: the durable pull consumer {@code durable} of {@code
   * stream} (created if missing: deliver all from the first message, {@code AckPolicy.All}, every
   * other setting at the server's default), pulling {@code batchSize} messages per pull request.
   *
   * <p>{@code AckPolicy.All}: acknowledging a message acknowledges every one before it, so one ack
   * per batch serves, as one {@code XACK} per batch does for Redis and one offset commit per poll
   * for Kafka ({@code Explicit} would need one ack message per record).
   */
  public Reader reader(String stream, String durable, int batchSize)
      throws IOException, InterruptedException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    Connection connection = connect(url, "reader");
    try {
      ConsumerContext context =
          connection
              .getStreamContext(stream)
              .createOrUpdateConsumer(
                  ConsumerConfiguration.builder()
                      .durable(durable)
                      .ackPolicy(AckPolicy.All)
                      .build());
      IterableConsumer consumer =
          context.iterate(ConsumeOptions.builder().batchSize(batchSize).build());
      return new Reader(connection, stream, consumer, batchSize);
    } catch (JetStreamApiException e) {
      closeConnection(connection);
      throw apiError("creating consumer " + durable + " of stream " + stream, e);
    } catch (IOException | RuntimeException e) {
      closeConnection(connection);
      throw e;
    }
  }

  @Override
  public void close() {
    closeConnection(admin);
  }

  /** Closes a connection; an interrupt while it flushes is kept on the thread, not thrown. */
  private static void closeConnection(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Connection connect(String url, String role)
      throws IOException, InterruptedException {
    // The client's default connection timeout (2 s) is too short on a loaded 2-core machine,
    // where the harness, the server under test and its idle peers share the cores.
    return Nats.connect(
        Options.builder()
            .server(url)
            .connectionName("minikafka-bench-" + role)
            .connectionTimeout(CONNECT_TIMEOUT)
            .build());
  }

  private static IOException apiError(String what, JetStreamApiException e) {
    return new IOException("JetStream refused " + what + ": " + e.getMessage(), e);
  }

  /** Publishes to one subject over one connection. Not thread-safe: one per client thread. */
  public static final class Producer implements AutoCloseable {
    private final Connection connection;
    private final JetStream jetStream;
    private final String subject;

    private Producer(Connection connection, String subject) throws IOException {
      this.connection = connection;
      this.jetStream = connection.jetStream();
      this.subject = subject;
    }

    /**
     * Publishes one message and returns its stream sequence once the server acknowledged it (a
     * synchronous JetStream publish: one request/reply round trip).
     */
    public long send(byte[] value) throws IOException {
      try {
        return jetStream.publish(subject, value).getSeqno();
      } catch (JetStreamApiException e) {
        throw apiError("a publish to " + subject, e);
      }
    }

    /**
     * Publishes {@code count} messages asynchronously with at most {@code window} of them awaiting
     * their acknowledgement (when the window is full, waits for the oldest), and returns once every
     * one is acknowledged. Message {@code i} carries {@code values.apply(i)}; its stream sequence
     * is handed to {@code onAck} (which may be null) in order.
     *
     * @throws IOException if a publish fails or is not acknowledged within 30 s
     */
    public void sendAsync(
        long count, LongFunction<byte[]> values, int window, AckListener<Long> onAck)
        throws IOException, InterruptedException {
      if (window < 1) {
        throw new IllegalArgumentException("window must be positive: " + window);
      }
      ArrayDeque<CompletableFuture<PublishAck>> outstanding = new ArrayDeque<>(window);
      long acked = 0;
      for (long i = 0; i < count; i++) {
        if (outstanding.size() == window) {
          complete(outstanding.removeFirst(), acked++, onAck);
        }
        outstanding.addLast(jetStream.publishAsync(subject, values.apply(i)));
      }
      while (!outstanding.isEmpty()) {
        complete(outstanding.removeFirst(), acked++, onAck);
      }
    }

    private void complete(CompletableFuture<PublishAck> future, long index, AckListener<Long> onAck)
        throws IOException, InterruptedException {
      PublishAck ack;
      try {
        ack = future.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new IOException("publish " + index + " to " + subject + " failed", e.getCause());
      } catch (TimeoutException e) {
        throw new IOException(
            "publish " + index + " to " + subject + " not acknowledged within " + ACK_TIMEOUT, e);
      }
      if (onAck != null) {
        onAck.acked(index, ack.getSeqno());
      }
    }

    @Override
    public void close() {
      closeConnection(connection);
    }
  }

  /** One durable pull consumer, on its own connection. Not thread-safe: one reader per thread. */
  public static final class Reader implements AutoCloseable {
    private final Connection connection;
    private final String stream;
    private final IterableConsumer consumer;
    private final int batchSize;
    // The stream sequence of the last message handed over.
    private long lastSequence;

    /** What one read handed over: how many messages, and the last one (null if none). */
    private record Batch(int count, Message last) {}

    private Reader(Connection connection, String stream, IterableConsumer consumer, int batchSize) {
      this.connection = connection;
      this.stream = stream;
      this.consumer = consumer;
      this.batchSize = batchSize;
    }

    /**
     * Reads one batch: waits up to {@code maxWait} for a message, then takes the ones already
     * received, up to the batch size, without waiting; hands each one's data to {@code handler} in
     * stream order and acknowledges the batch (one ack of its last message). Returns how many it
     * handed over (0 if none arrived in time). A zero {@code maxWait} takes only what has already
     * arrived.
     */
    public int poll(Duration maxWait, Consumer<byte[]> handler)
        throws IOException, InterruptedException {
      Batch batch = read(maxWait, handler);
      if (batch.count() > 0) {
        batch.last().ack();
      }
      return batch.count();
    }

    /**
     * Reads and acknowledges until it has handed over every message the stream held when the call
     * began (those the consumer had not yet acknowledged); returns how many it handed to {@code
     * handler}. Reads the backlog of a stream that is not being written to. Acknowledges each batch
     * as {@link #poll} does, but waits for the server to confirm the last ack, so the whole backlog
     * is acknowledged when it returns.
     *
     * @throws IOException if no message arrives for 10 s while some are still to come
     */
    public long drain(Consumer<byte[]> handler) throws IOException, InterruptedException {
      long target;
      long ackFloor;
      try {
        target =
            connection
                .jetStreamManagement()
                .getStreamInfo(stream)
                .getStreamState()
                .getLastSequence();
        ackFloor = consumer.getConsumerInfo().getAckFloor().getStreamSequence();
      } catch (JetStreamApiException e) {
        throw apiError("reading the state of stream " + stream, e);
      }
      long seen = 0;
      while (Math.max(lastSequence, ackFloor) < target) {
        Batch batch = read(DRAIN_STALL, handler);
        if (batch.count() == 0) {
          throw new IOException(
              "no message of stream "
                  + stream
                  + " for "
                  + DRAIN_STALL.toSeconds()
                  + " s; read up to sequence "
                  + lastSequence
                  + " of "
                  + target);
        }
        seen += batch.count();
        if (lastSequence < target) {
          batch.last().ack();
        } else {
          ackSync(batch.last());
        }
      }
      return seen;
    }

    /**
     * Stops pulling and closes the connection. Messages received but not handed over are
     * redelivered to the durable consumer after its ack wait.
     */
    @Override
    public void close() {
      try {
        consumer.stop();
      } finally {
        closeConnection(connection);
      }
    }

    /**
     * Hands over one batch (see {@link #poll}) without acknowledging it; an empty batch if nothing
     * arrived within {@code maxWait}.
     */
    private Batch read(Duration maxWait, Consumer<byte[]> handler)
        throws IOException, InterruptedException {
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("negative wait: " + maxWait);
      }
      Message last = null;
      int n = 0;
      for (Message message = next(maxWait.isZero() ? NO_WAIT : maxWait);
          message != null;
          message = n < batchSize ? next(NO_WAIT) : null) {
        handler.accept(message.getData());
        lastSequence = message.metaData().streamSequence();
        last = message;
        n++;
      }
      return new Batch(n, last);
    }

    private void ackSync(Message message) throws IOException, InterruptedException {
      try {
        message.ackSync(ACK_TIMEOUT);
      } catch (TimeoutException e) {
        throw new IOException(
            "the server did not confirm the ack of sequence "
                + lastSequence
                + " of stream "
                + stream
                + " within "
                + ACK_TIMEOUT,
            e);
      }
    }

    private Message next(Duration wait) throws IOException, InterruptedException {
      try {
        return consumer.nextMessage(wait);
      } catch (JetStreamStatusCheckedException e) {
        throw new IOException("reading stream " + stream + ": " + e.getMessage(), e);
      }
    }
  }
}
