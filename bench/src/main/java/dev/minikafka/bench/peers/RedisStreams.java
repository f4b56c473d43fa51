package dev.minikafka.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * The benchmark's operations on Redis Streams, over Jedis: one record is one stream entry with a
 * single field {@value #FIELD_NAME} holding the value's bytes; entry ids are Redis' own ({@code
 * XADD *}).
 *
 * <ul>
 *   <li>{@link #ensureStream} creates a stream and the consumer group that reads it;
 *   <li>{@link #producer} opens a {@link Producer}: one connection, for one client thread, with a
 *       blocking single-entry {@code XADD} and pipelined {@code XADD}s;
 *   <li>{@link #reader} opens a {@link Reader}: one connection and one consumer of a group, reading
 *       with {@code XREADGROUP} and acknowledging with {@code XACK};
 *   <li>{@link #read} reads one entry by id ({@code XRANGE id id}), for random access.
 * </ul>
 *
 * <p>Every connection uses Jedis' defaults (protocol, 2 s connect and socket timeouts) except that
 * a blocking read may wait as long as it asks to.
 *
 * <p>Thread-safety: this class is thread-safe (its own connection, used for administration and
 * {@link #read}, is guarded by its monitor); {@link Producer} and {@link Reader} are not: each
 * belongs to one thread at a time.
 */
public final class RedisStreams implements AutoCloseable {

  /** The name of the one field of every entry. */
  public static final String FIELD_NAME = "v";

  private static final byte[] FIELD = FIELD_NAME.getBytes(StandardCharsets.US_ASCII);

  private final HostAndPort address;
  private final JedisClientConfig config;
  private final Jedis admin;

  /** Connects to the Redis at {@code host:port}. */
  public RedisStreams(String host, int port) {
    this.address = new HostAndPort(host, port);
    this.config = DefaultJedisClientConfig.builder().clientName("minikafka-bench").build();
    this.admin = connect();
  }

  /** The client library and its version, e.g. {@code Jedis 8.0.2}, for reports. */
  public static String clientVersion() {
    try (InputStream in =
        Jedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return "Jedis " + properties.getProperty("version", "(unknown version)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates {@code stream} if it does not exist, with the consumer group {@code group} reading it
   * from its first entry ({@code XGROUP CREATE stream group 0 MKSTREAM}). Does nothing for a group
   * that exists already.
   */
  public synchronized void ensureStream(String stream, String group) {
    try {
      admin.xgroupCreate(stream, group, new StreamEntryID(0, 0), true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /** Deletes {@code stream} with its entries and groups; does nothing if it does not exist. */
  public synchronized void delete(String stream) {
    admin.del(stream);
  }

  /** The number of entries in {@code stream} ({@code XLEN}). */
  public synchronized long length(String stream) {
    return admin.xlen(stream);
  }

  /**
   * The value of the entry {@code id} of {@code stream} ({@code XRANGE stream id id}), or null if
   * there is none. Ids come from {@link Producer#send} and {@link Producer#sendPipelined}.
   */
  public synchronized byte[] read(String stream, StreamEntryID id) {
    byte[] raw = id.toString().getBytes(StandardCharsets.US_ASCII);
    List<Object> entries = admin.xrange(key(stream), raw, raw, 1);
    if (entries.isEmpty()) {
      return null;
    }
    // [[id, [field, value, ...]]], in RESP2 and RESP3 alike.
    List<?> fields = (List<?>) ((List<?>) entries.get(0)).get(1);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (Arrays.equals((byte[]) fields.get(i), FIELD)) {
        return (byte[]) fields.get(i + 1);
      }
    }
    throw new IllegalStateException(
        "entry " + id + " has no field " + FIELD_NAME + ": not written by Producer");
  }

  /** Opens a producer on its own connection, for one client thread. */
  public Producer producer(String stream) {
    return new Producer(connect(), stream);
  }

  /**
   * Opens a reader on its own connection: the consumer {@code consumer} of the group {@code group}
   * (made by {@link #ensureStream}), reading at most {@code batchSize} entries per {@code
   * XREADGROUP}.
   */
  public Reader reader(String stream, String group, String consumer, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    return new Reader(connect(), stream, group, consumer, batchSize);
  }

  @Override
  public synchronized void close() {
    admin.close();
  }

  private Jedis connect() {
    return new Jedis(address, config);
  }

  private static byte[] key(String stream) {
    return stream.getBytes(StandardCharsets.UTF_8);
  }

  /** Appends to one stream over one connection. Not thread-safe: one producer per client thread. */
  public static final class Producer implements AutoCloseable {
    private final Jedis jedis;
    private final byte[] key;

    private Producer(Jedis jedis, String stream) {
      this.jedis = jedis;
      this.key = key(stream);
    }

    /**
     * Appends one entry and returns its id once Redis has acknowledged it: one {@code XADD} round
     * trip. Under {@code appendfsync always} the reply comes after the AOF fsync.
     */
    public StreamEntryID send(byte[] value) {
      return new StreamEntryID(jedis.xadd(key, XAddParams.xAddParams(), Map.of(FIELD, value)));
    }

    /**
     * Appends {@code count} entries, {@code pipelineDepth} {@code XADD}s per round trip (Redis'
     * pipelining: the commands are written back to back, then the replies read), and returns once
     * every one is acknowledged. Entry {@code i} gets the value {@code values.apply(i)}; its id is
     * handed to {@code onAck} (which may be null) in order, as replies arrive.
     */
    public void sendPipelined(
        long count,
        LongFunction<byte[]> values,
        int pipelineDepth,
        AckListener<StreamEntryID> onAck) {
      if (pipelineDepth < 1) {
        throw new IllegalArgumentException("pipelineDepth must be positive: " + pipelineDepth);
      }
      List<Response<byte[]>> replies = new ArrayList<>(pipelineDepth);
      try (Pipeline pipeline = jedis.pipelined()) {
        for (long sent = 0; sent < count; ) {
          int n = (int) Math.min(pipelineDepth, count - sent);
          for (int i = 0; i < n; i++) {
            replies.add(
                pipeline.xadd(key, XAddParams.xAddParams(), Map.of(FIELD, values.apply(sent + i))));
          }
          pipeline.sync();
          for (int i = 0; i < n; i++) {
            // get() throws if Redis answered this XADD with an error.
            byte[] id = replies.get(i).get();
            if (onAck != null) {
              onAck.acked(sent + i, new StreamEntryID(id));
            }
          }
          replies.clear();
          sent += n;
        }
      }
    }

    @Override
    public void close() {
      jedis.close();
    }
  }

  /**
   * One consumer of a consumer group, on its own connection. Reads entries never delivered to the
   * group before ({@code XREADGROUP ... STREAMS stream >}) and acknowledges each batch with one
   * {@code XACK}, sent in the same round trip as the next read (pipelined) or at {@link #close()}.
   * Not thread-safe: one reader per thread.
   */
  public static final class Reader implements AutoCloseable {
    private final Jedis jedis;
    private final String stream;
    private final byte[] key;
    private final String group;
    private final String consumer;
    private final int batchSize;
    private final List<StreamEntryID> unacked = new ArrayList<>();

    private Reader(Jedis jedis, String stream, String group, String consumer, int batchSize) {
      this.jedis = jedis;
      this.stream = stream;
      this.key = key(stream);
      this.group = group;
      this.consumer = consumer;
      this.batchSize = batchSize;
    }

    /**
     * Reads one batch: waits up to {@code maxWait} for entries ({@code XREADGROUP BLOCK}; {@link
     * Duration#ZERO} does not wait), hands each entry's value to {@code handler} in stream order,
     * and returns how many it handed over (0 if none arrived in time). The batch is acknowledged
     * with the next call or at {@link #close()}.
     */
    public int poll(Duration maxWait, Consumer<byte[]> handler) {
      XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(batchSize);
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("negative wait: " + maxWait);
      }
      if (!maxWait.isZero()) {
        params.block(Math.clamp(maxWait.toMillis(), 1, Integer.MAX_VALUE));
      }
      Map<byte[], StreamEntryID> from = Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
      List<Map.Entry<byte[], List<StreamEntryBinary>>> reply;
      if (unacked.isEmpty()) {
        reply = jedis.xreadGroupBinary(bytes(group), bytes(consumer), params, from);
      } else {
        try (Pipeline pipeline = jedis.pipelined()) {
          Response<Long> acked =
              pipeline.xack(stream, group, unacked.toArray(StreamEntryID[]::new));
          Response<List<Map.Entry<byte[], List<StreamEntryBinary>>>> read =
              pipeline.xreadGroupBinary(bytes(group), bytes(consumer), params, from);
          // Jedis lifts the socket timeout for a blocking command sent alone, not in a pipeline.
          jedis.getConnection().setTimeoutInfinite();
          try {
            pipeline.sync();
          } finally {
            jedis.getConnection().rollbackTimeout();
          }
          acked.get();
          unacked.clear();
          reply = read.get();
        }
      }
      if (reply == null || reply.isEmpty()) {
        return 0;
      }
      List<StreamEntryBinary> entries = reply.get(0).getValue();
      for (StreamEntryBinary entry : entries) {
        unacked.add(entry.getID());
        handler.accept(value(entry));
      }
      return entries.size();
    }

    /**
     * Reads and acknowledges, batch after batch without waiting, until the group has no entry left
     * to deliver; returns how many entries it handed to {@code handler}. Reads the backlog of a
     * stream that is not being written to.
     */
    public long drain(Consumer<byte[]> handler) {
      long seen = 0;
      for (int n = poll(Duration.ZERO, handler); n > 0; n = poll(Duration.ZERO, handler)) {
        seen += n;
      }
      ackPending();
      return seen;
    }

    /** Acknowledges what was read and not yet acknowledged, then closes the connection. */
    @Override
    public void close() {
      try {
        ackPending();
      } finally {
        jedis.close();
      }
    }

    private void ackPending() {
      if (!unacked.isEmpty()) {
        jedis.xack(stream, group, unacked.toArray(StreamEntryID[]::new));
        unacked.clear();
      }
    }

    /** The entry's value: its field {@value #FIELD_NAME} (binary maps compare keys by identity). */
    private static byte[] value(StreamEntryBinary entry) {
      for (Map.Entry<byte[], byte[]> field : entry.getFields().entrySet()) {
        if (Arrays.equals(field.getKey(), FIELD)) {
          return field.getValue();
        }
      }
      throw new IllegalStateException(
          "entry " + entry.getID() + " has no field " + FIELD_NAME + ": not written by Producer");
    }

    private static byte[] bytes(String name) {
      return name.getBytes(StandardCharsets.UTF_8);
    }
  }
}
