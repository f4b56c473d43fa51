package dev.minikafka.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One broker under test, as the workloads drive it: a server process the harness starts on free
 * ports in a work directory of its own, and the clients that load it. Each implementation speaks
 * the system's own protocol through its usual client and runs the server with its documented
 * defaults plus the durability setting of the run's {@link Durability} profile.
 *
 * <p>Lifecycle: {@link #start} once, then any number of clients, then {@link #close}; {@link
 * #killAndRestart} in between simulates a crash. Thread-safety: lifecycle methods are called from
 * one thread; each client object belongs to the thread that opened it, while opening clients is
 * safe from any thread.
 */
public interface BenchSystem extends AutoCloseable {

  /** Short name used in tables and on the command line, e.g. {@code minikafka}. */
  String name();

  /** Version of the server (and client library) measured, for the report. */
  String version();

  /** How durable an acknowledged write is, in this run's configuration, in a few words. */
  String durability();

  /**
   * Starts the server in {@code workDir} (created if needed) on free loopback ports and returns
   * once it serves. Throws, naming the cause, when it cannot start: a missing peer fails the run.
   */
  void start(Path workDir) throws Exception;

  /**
   * Kills the server with SIGKILL (no shutdown of any kind) and starts it again on the same data;
   * returns the time from launching the new process until it accepted a produce request. Clients
   * opened before are not usable afterwards.
   */
  Duration killAndRestart() throws Exception;

  /** The process id of the running server (for its resident memory). */
  long pid();

  /** Creates a topic (or its equivalent: a stream, a JetStream stream) with one partition. */
  void createTopic(String topic) throws Exception;

  /** A blocking single-message producer for one client thread: one request, one answer. */
  SingleProducer singleProducer(String topic) throws Exception;

  /** The best batched (pipelined, asynchronous) producer the system offers, if any. */
  Optional<BatchProducer> batchProducer(String topic) throws Exception;

  /**
   * The lowest-latency producer for the end-to-end workload: {@code send} returns once the record
   * is handed to the client, which sends it asynchronously. Defaults to {@value #LATENCY_CLIENTS}
   * single-message producers fed from a queue ({@link PooledProducer}), for systems whose client
   * has no asynchronous send; systems whose client has one override this.
   */
  default SingleProducer latencyProducer(String topic) throws Exception {
    return new PooledProducer(this, topic, LATENCY_CLIENTS);
  }

  /** Connections of the default {@link #latencyProducer}. */
  int LATENCY_CLIENTS = 16;

  /** A reader of a topic from its beginning, as the system's consumers read a backlog. */
  BacklogReader backlogReader(String topic) throws Exception;

  /**
   * Subscribes to {@code topic} from its current end and calls {@code onValue} (on a thread of the
   * subscription's own) with every value produced from now on; returns once the subscription is in
   * place, so nothing produced after the return is missed.
   */
  Subscription subscribeFromEnd(String topic, Consumer<byte[]> onValue) throws Exception;

  /** A reader of single records at arbitrary offsets, if the system has one. */
  Optional<RandomReader> randomReader(String topic) throws Exception;

  /**
   * How many records a topic of this system should hold at most in the workloads that fill one (the
   * backlog, the scaling series), when filling it through its only producer would take too long;
   * {@link Long#MAX_VALUE} when there is no such limit.
   */
  default long fillLimit() {
    return Long.MAX_VALUE;
  }

  /** Whether the system keeps acknowledged data across a restart (false: memory only). */
  default boolean keepsData() {
    return true;
  }

  /** The system's own benchmark tools, measured as rows of their own, if it ships any. */
  default Optional<NativeTools> nativeTools() {
    return Optional.empty();
  }

  /** Stops the server cleanly and releases every client; harmless when not started. */
  @Override
  void close();

  /** Sends one record and waits for its acknowledgement. Owned by one thread. */
  interface SingleProducer extends AutoCloseable {
    /** Sends {@code value} and returns once the system acknowledged it. */
    void send(byte[] value) throws Exception;

    @Override
    void close();
  }

  /**
   * Sends records asynchronously, in batches or pipelined, bounding how many are unacknowledged.
   * Owned by one thread.
   */
  interface BatchProducer extends AutoCloseable {
    /** Hands {@code value} to the producer; blocks only while too much is unacknowledged. */
    void send(byte[] value) throws Exception;

    /** Returns once everything sent was acknowledged; throws if any send failed. */
    void flush() throws Exception;

    @Override
    void close();
  }

  /** Reads a topic from its beginning. Owned by one thread. */
  interface BacklogReader extends AutoCloseable {
    /**
     * Reads until {@code records} records were seen, and returns how many were (at least {@code
     * records}); throws if the topic runs dry for longer than {@code idle}.
     */
    long read(long records, Duration idle) throws Exception;

    @Override
    void close();
  }

  /** Reads the record at a given offset. Owned by one thread. */
  interface RandomReader extends AutoCloseable {
    /** Reads the record at {@code offset} and returns its value. */
    byte[] read(long offset) throws Exception;

    @Override
    void close();
  }

  /**
   * A system's own producer and consumer benchmark tools (Kafka's {@code ProducerPerformance} and
   * {@code ConsumerPerformance}), run against the same server; their figures are reported under
   * their own labels, apart from the harness's load generator.
   */
  interface NativeTools {
    /** Label of the producer tool's rows, e.g. {@code kafka (ProducerPerformance)}. */
    String producerLabel();

    /** Label of the consumer tool's rows. */
    String consumerLabel();

    /** Produces {@code records} values of {@code valueBytes} as fast as it can; records/s. */
    double produce(String topic, long records, int valueBytes) throws Exception;

    /** Reads {@code records} records of {@code topic} from the beginning; records/s. */
    double consume(String topic, long records) throws Exception;
  }

  /** A running subscription; closing it stops the delivering thread. */
  interface Subscription extends AutoCloseable {
    /** The first failure of the delivering thread, if any. */
    Optional<Throwable> failure();

    @Override
    void close();
  }
}
