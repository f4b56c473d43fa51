package dev.minikafka.bench.peers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minikafka.peers.redis.RedisPeer;
import dev.minikafka.peers.redis.RedisPeer.AppendFsync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * The Redis Streams driver against a real redis-server with {@code appendfsync always}. Skipped
 * only when redis-server is not installed (CI installs it).
 */
class RedisStreamsTest {

  private static final String STREAM = "bench";
  private static final String GROUP = "readers";
  private static final int SINGLE = 1_000;
  private static final int PIPELINED = 1_000;

  @TempDir Path dir;
  private RedisPeer redis;

  @BeforeAll
  static void requireRedis() {
    assumeTrue(
        RedisPeer.isInstalled(),
        "redis-server is not installed (apt-get install -y redis-server): skipping");
  }

  @BeforeEach
  void start() throws Exception {
    redis = RedisPeer.start(dir, AppendFsync.ALWAYS);
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  void namesTheClientAndItsVersion() {
    assertThat(RedisStreams.clientVersion()).matches("Jedis \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void producesReadsInOrderAndKeepsAcknowledgedEntriesAcrossSigkill() throws Exception {
    List<byte[]> expected = new ArrayList<>();
    List<StreamEntryID> ids = new ArrayList<>();
    try (RedisStreams streams = new RedisStreams(redis.host(), redis.port());
        RedisStreams.Producer producer = streams.producer(STREAM)) {
      streams.ensureStream(STREAM, GROUP);
      streams.ensureStream(STREAM, GROUP); // idempotent
      for (int i = 0; i < SINGLE; i++) {
        expected.add(Values.of(i, 100));
        ids.add(producer.send(expected.get(i)));
      }
      producer.sendPipelined(
          PIPELINED,
          i -> Values.of(SINGLE + (int) i, 1024),
          128,
          (index, id) -> {
            assertThat(index).isEqualTo(ids.size() - SINGLE);
            ids.add(id);
          });
      for (int i = 0; i < PIPELINED; i++) {
        expected.add(Values.of(SINGLE + i, 1024));
      }
      assertThat(ids).hasSize(SINGLE + PIPELINED).isSorted().doesNotHaveDuplicates();
      assertThat(streams.length(STREAM)).isEqualTo(SINGLE + PIPELINED);

      assertThat(readAll(streams, GROUP)).containsExactlyElementsOf(Values.strings(expected));
      // The group has consumed and acknowledged everything: nothing is left for it.
      try (RedisStreams.Reader reader = streams.reader(STREAM, GROUP, "again", 100)) {
        assertThat(reader.drain(v -> {})).isZero();
      }
      assertRandomAccess(streams, ids, expected);
    }

    redis.kill();
    redis.restart();

    try (RedisStreams streams = new RedisStreams(redis.host(), redis.port())) {
      assertThat(streams.length(STREAM)).isEqualTo(SINGLE + PIPELINED);
      streams.ensureStream(STREAM, "after-restart");
      assertThat(readAll(streams, "after-restart"))
          .containsExactlyElementsOf(Values.strings(expected));
      assertRandomAccess(streams, ids, expected);
    }
  }

  @Test
  void blockingReaderHandsOverEachEntryAsItArrives() throws Exception {
    try (RedisStreams streams = new RedisStreams(redis.host(), redis.port());
        RedisStreams.Producer producer = streams.producer(STREAM);
        RedisStreams.Reader reader = streams.reader(STREAM, GROUP, "tail", 100)) {
      streams.ensureStream(STREAM, GROUP);
      assertThat(reader.poll(Duration.ofMillis(50), v -> {})).isZero();

      int count = 20;
      List<String> seen = new CopyOnWriteArrayList<>();
      CountDownLatch allSeen = new CountDownLatch(count);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread tail =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (running.get()) {
                      reader.poll(
                          Duration.ofMillis(100),
                          v -> {
                            seen.add(new String(v, UTF_8));
                            allSeen.countDown();
                          });
                    }
                  });
      try {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          byte[] value = Values.of(i, 100);
          producer.send(value);
          sent.add(new String(value, UTF_8));
        }
        assertThat(allSeen.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactlyElementsOf(sent);
      } finally {
        running.set(false);
        tail.join();
      }
    }
  }

  @Test
  void blockingReadLongerThanTheSocketTimeoutWithAcksPending() {
    try (RedisStreams streams = new RedisStreams(redis.host(), redis.port());
        RedisStreams.Producer producer = streams.producer(STREAM);
        RedisStreams.Reader reader = streams.reader(STREAM, GROUP, "patient", 10)) {
      streams.ensureStream(STREAM, GROUP);
      producer.send(Values.of(0, 100));
      assertThat(reader.poll(Duration.ZERO, v -> {})).isEqualTo(1);
      // The ack of that entry goes out with this read, which waits past Jedis' 2 s socket timeout.
      assertThat(reader.poll(Duration.ofMillis(2_500), v -> {})).isZero();
      producer.send(Values.of(1, 100));
      List<String> seen = new ArrayList<>();
      assertThat(reader.poll(Duration.ofSeconds(5), v -> seen.add(new String(v, UTF_8))))
          .isEqualTo(1);
      assertThat(seen).containsExactly(new String(Values.of(1, 100), UTF_8));
    }
  }

  @Test
  void concurrentProducersEachOnTheirOwnConnection() throws Exception {
    int threads = 8;
    int perThread = 100;
    try (RedisStreams streams = new RedisStreams(redis.host(), redis.port())) {
      streams.ensureStream(STREAM, GROUP);
      List<Thread> producers = new ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        producers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try (RedisStreams.Producer producer = streams.producer(STREAM)) {
                        for (int i = 0; i < perThread; i++) {
                          producer.send(Values.of(thread * perThread + i, 100));
                        }
                      } catch (Exception | AssertionError e) {
                        failures.add(e);
                      }
                    }));
      }
      for (Thread producer : producers) {
        producer.join();
      }
      assertThat(failures).isEmpty();

      List<String> read = readAll(streams, GROUP);
      assertThat(read).hasSize(threads * perThread).doesNotHaveDuplicates();
      // Each producer's values are stored in the order it sent them.
      for (int t = 0; t < threads; t++) {
        int thread = t;
        assertThat(read.stream().filter(v -> Values.index(v) / perThread == thread))
            .containsExactlyElementsOf(
                IntStream.range(thread * perThread, (thread + 1) * perThread)
                    .mapToObj(i -> new String(Values.of(i, 100), UTF_8))
                    .toList());
      }
    }
  }

  private static List<String> readAll(RedisStreams streams, String group) {
    List<String> read = new ArrayList<>();
    try (RedisStreams.Reader reader = streams.reader(STREAM, group, "c1", 100)) {
      long n = reader.drain(v -> read.add(new String(v, UTF_8)));
      assertThat(n).isEqualTo(read.size());
    }
    return read;
  }

  private static void assertRandomAccess(
      RedisStreams streams, List<StreamEntryID> ids, List<byte[]> expected) {
    for (int i : new int[] {0, 1, SINGLE - 1, SINGLE, SINGLE + PIPELINED / 2, ids.size() - 1}) {
      assertThat(streams.read(STREAM, ids.get(i))).as("entry %d", i).isEqualTo(expected.get(i));
    }
    assertThat(streams.read(STREAM, new StreamEntryID(1, 0))).isNull();
  }
}
