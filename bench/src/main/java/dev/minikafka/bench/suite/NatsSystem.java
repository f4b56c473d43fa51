package dev.minikafka.bench.suite;

import dev.minikafka.bench.peers.NatsStreams;
import dev.minikafka.peers.nats.NatsPeer;
import dev.minikafka.peers.nats.NatsPeer.SyncInterval;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NATS JetStream (Debian's {@code nats-server}, run by {@link NatsPeer}) through the official Java
 * client ({@link NatsStreams}): a topic is a stream with one subject of the same name, file
 * storage; single messages are synchronous publishes, batches asynchronous publishes with a window
 * of outstanding acks, readers durable pull consumers, reads at an offset the stream's message-get
 * by sequence (offset + 1). Durability: the strictest {@code sync_interval} the installed server
 * offers for the strict profile (Debian's 2.9 has none: it fsyncs every two minutes, and its
 * durability line says so), the default for the relaxed one.
 */
final class NatsSystem implements BenchSystem {
  /** Messages handed to one asynchronous publish run of the batched producer. */
  static final int BATCH = 10_000;

  /** Acknowledgements the batched producer may have outstanding. */
  static final int WINDOW = 1_000;

  private static final int READ_BATCH = 1_000;

  private final Durability profile;
  private NatsPeer peer;
  private NatsStreams streams;

  NatsSystem(Durability profile) {
    this.profile = profile;
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public String version() {
    return "nats-server " + peer.version() + " (" + NatsStreams.clientVersion() + ")";
  }

  @Override
  public String durability() {
    String d = peer.durability();
    if (profile == Durability.STRICT && peer.syncInterval() != SyncInterval.ALWAYS) {
      return "sync_interval default: "
          + d
          + "; no fsync per write: the strictest this server offers (no sync_interval setting)";
    }
    return (peer.syncInterval() == SyncInterval.ALWAYS
            ? "sync_interval always: "
            : "sync_interval default: ")
        + d;
  }

  @Override
  public void start(Path workDir) throws Exception {
    SyncInterval sync =
        profile == Durability.STRICT ? NatsPeer.strictestSupported() : SyncInterval.DEFAULT_2M;
    peer = NatsPeer.start(workDir, sync);
    streams = new NatsStreams(peer.url());
  }

  @Override
  public Duration killAndRestart() throws Exception {
    peer.kill();
    streams.close();
    long t0 = System.nanoTime();
    peer.restart();
    streams = new NatsStreams(peer.url());
    streams.ensureStream("restart-probe", "restart-probe");
    try (NatsStreams.Producer p = streams.producer("restart-probe")) {
      var unused = p.send(Values.of(0, 100));
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return peer.pid();
  }

  @Override
  public void createTopic(String topic) throws Exception {
    streams.ensureStream(topic, topic);
  }

  @Override
  public SingleProducer singleProducer(String topic) throws Exception {
    NatsStreams.Producer producer = streams.producer(topic);
    return new SingleProducer() {
      @Override
      public void send(byte[] value) throws Exception {
        var unused = producer.send(value);
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) throws Exception {
    NatsStreams.Producer producer = streams.producer(topic);
    List<byte[]> pending = new ArrayList<>(BATCH);
    return Optional.of(
        new BatchProducer() {
          @Override
          public void send(byte[] value) throws Exception {
            pending.add(value);
            if (pending.size() == BATCH) {
              flush();
            }
          }

          @Override
          public void flush() throws Exception {
            producer.sendAsync(pending.size(), i -> pending.get((int) i), WINDOW, null);
            pending.clear();
          }

          @Override
          public void close() {
            producer.close();
          }
        });
  }

  private NatsStreams.Reader newReader(String topic) throws Exception {
    return streams.reader(topic, "d-" + System.nanoTime(), READ_BATCH);
  }

  @Override
  public BacklogReader backlogReader(String topic) throws Exception {
    NatsStreams.Reader reader = newReader(topic);
    return new PollingBacklogReader(
        () -> reader.poll(Duration.ofMillis(100), v -> {}), reader::close);
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue)
      throws Exception {
    // A new durable consumer starts at the first message: skip what is there.
    NatsStreams.Reader reader = newReader(topic);
    var unused = reader.drain(v -> {});
    return new PollingSubscription(
        "nats-subscription",
        () -> reader.poll(Duration.ofMillis(100), onValue),
        () -> {},
        reader::close);
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    return Optional.of(
        new RandomReader() {
          @Override
          public byte[] read(long offset) throws Exception {
            return streams.read(topic, offset + 1);
          }

          @Override
          public void close() {}
        });
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close();
    }
    if (peer != null) {
      peer.close();
    }
  }
}
