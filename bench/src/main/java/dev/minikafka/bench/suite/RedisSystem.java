package dev.minikafka.bench.suite;

import dev.minikafka.bench.peers.RedisStreams;
import dev.minikafka.peers.redis.RedisPeer;
import dev.minikafka.peers.redis.RedisPeer.AppendFsync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis Streams (Debian's {@code redis-server}, run by {@link RedisPeer}) through Jedis ({@link
 * RedisStreams}): a topic is a stream, a record an entry ({@code XADD}); single messages are one
 * {@code XADD} each, batches are pipelined {@code XADD}s, readers are consumer groups ({@code
 * XREADGROUP} and {@code XACK}), reads at an offset are {@code XRANGE id id} with the id the
 * harness kept for that offset. Durability: AOF {@code appendfsync always} (strict) or {@code
 * everysec} (relaxed, Redis' default), RDB snapshots off.
 */
final class RedisSystem implements BenchSystem {
  /** XADDs per round trip of the batched producer. */
  static final int PIPELINE_DEPTH = 1_000;

  private static final int READ_BATCH = 1_000;

  private final Durability profile;
  private final Map<String, EntryIds> ids = new ConcurrentHashMap<>();
  private RedisPeer peer;
  private RedisStreams streams;

  RedisSystem(Durability profile) {
    this.profile = profile;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public String version() {
    return "Redis " + peer.version() + " (" + RedisStreams.clientVersion() + ")";
  }

  @Override
  public String durability() {
    return peer.appendFsync() == AppendFsync.ALWAYS
        ? "appendfsync always: AOF fsynced before the replies; RDB off"
        : "appendfsync everysec: AOF fsync about once a second; RDB off";
  }

  @Override
  public void start(Path workDir) throws Exception {
    peer =
        RedisPeer.start(
            workDir, profile == Durability.STRICT ? AppendFsync.ALWAYS : AppendFsync.EVERYSEC);
    streams = new RedisStreams(peer.host(), peer.port());
  }

  @Override
  public Duration killAndRestart() throws Exception {
    peer.kill();
    streams.close();
    long t0 = System.nanoTime();
    peer.restart();
    streams = new RedisStreams(peer.host(), peer.port());
    try (RedisStreams.Producer p = streams.producer("restart-probe")) {
      var unused = p.send(Values.of(0, 100));
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return peer.pid();
  }

  @Override
  public void createTopic(String topic) {
    streams.ensureStream(topic, "bench");
  }

  private EntryIds ids(String topic) {
    return ids.computeIfAbsent(topic, t -> new EntryIds());
  }

  @Override
  public SingleProducer singleProducer(String topic) {
    RedisStreams.Producer producer = streams.producer(topic);
    EntryIds known = ids(topic);
    return new SingleProducer() {
      @Override
      public void send(byte[] value) {
        known.add(producer.send(value));
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) {
    RedisStreams.Producer producer = streams.producer(topic);
    EntryIds known = ids(topic);
    List<byte[]> pending = new ArrayList<>(PIPELINE_DEPTH);
    return Optional.of(
        new BatchProducer() {
          @Override
          public void send(byte[] value) {
            pending.add(value);
            if (pending.size() == PIPELINE_DEPTH) {
              flush();
            }
          }

          @Override
          public void flush() {
            producer.sendPipelined(
                pending.size(),
                i -> pending.get((int) i),
                PIPELINE_DEPTH,
                (i, id) -> known.add(id));
            pending.clear();
          }

          @Override
          public void close() {
            producer.close();
          }
        });
  }

  /** A consumer of a new group that starts at the stream's first entry. */
  private RedisStreams.Reader newReader(String topic) {
    String group = "g-" + System.nanoTime();
    streams.ensureStream(topic, group);
    return streams.reader(topic, group, "c", READ_BATCH);
  }

  @Override
  public BacklogReader backlogReader(String topic) {
    RedisStreams.Reader reader = newReader(topic);
    return new PollingBacklogReader(
        () -> reader.poll(Duration.ofMillis(100), v -> {}), reader::close);
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue) {
    // A new group starts at the first entry: skip what is there to start at the end.
    RedisStreams.Reader reader = newReader(topic);
    var unused = reader.drain(v -> {});
    return new PollingSubscription(
        "redis-subscription",
        () -> reader.poll(Duration.ofMillis(100), onValue),
        () -> {},
        reader::close);
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    EntryIds known = ids(topic);
    return Optional.of(
        new RandomReader() {
          @Override
          public byte[] read(long offset) {
            byte[] value = streams.read(topic, known.get(offset));
            if (value == null) {
              throw new IllegalStateException("no entry at offset " + offset + " of " + topic);
            }
            return value;
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
