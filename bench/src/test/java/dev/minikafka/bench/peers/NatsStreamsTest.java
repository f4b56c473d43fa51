package dev.minikafka.bench.peers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minikafka.peers.nats.NatsPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JetStream driver against a real nats-server with the strictest sync setting it supports
 * ({@code sync_interval: always} where the server has it; Debian's 2.9.10 has only its default).
 * Skipped only when nats-server is not installed (CI installs it).
 */
class NatsStreamsTest {

  private static final String STREAM = "bench";
  private static final String SUBJECT = "bench.records";
  private static final int SINGLE = 1_000;
  private static final int ASYNC = 1_000;

  @TempDir Path dir;
  private NatsPeer nats;

  @BeforeAll
  static void requireNats() {
    assumeTrue(
        NatsPeer.isInstalled(),
        "nats-server is not installed (apt-get install -y nats-server): skipping");
  }

  @BeforeEach
  void start() throws Exception {
    nats = NatsPeer.start(dir, NatsPeer.strictestSupported());
  }

  @AfterEach
  void stop() {
    nats.close();
  }

  @Test
  void namesTheClientAndItsVersion() {
    assertThat(NatsStreams.clientVersion()).matches("jnats \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void producesReadsInOrderAndKeepsAcknowledgedMessagesAcrossSigkill() throws Exception {
    List<byte[]> expected = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    try (NatsStreams streams = new NatsStreams(nats.url());
        NatsStreams.Producer producer = streams.producer(SUBJECT)) {
      streams.ensureStream(STREAM, SUBJECT);
      streams.ensureStream(STREAM, SUBJECT); // idempotent
      for (int i = 0; i < SINGLE; i++) {
        expected.add(Values.of(i, 100));
        sequences.add(producer.send(expected.get(i)));
      }
      producer.sendAsync(
          ASYNC,
          i -> Values.of(SINGLE + (int) i, 1024),
          64,
          (index, sequence) -> {
            assertThat(index).isEqualTo(sequences.size() - SINGLE);
            sequences.add(sequence);
          });
      for (int i = 0; i < ASYNC; i++) {
        expected.add(Values.of(SINGLE + i, 1024));
      }
      // A fresh stream numbers its messages 1, 2, ...: a record's position is its sequence - 1.
      assertThat(sequences)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, SINGLE + ASYNC).boxed().toList());
      assertThat(streams.length(STREAM)).isEqualTo(SINGLE + ASYNC);

      assertThat(readAll(streams, "readers")).containsExactlyElementsOf(Values.strings(expected));
      // The durable consumer has acknowledged everything: nothing is left for it.
      try (NatsStreams.Reader reader = streams.reader(STREAM, "readers", 100)) {
        assertThat(reader.drain(v -> {})).isZero();
      }
      assertRandomAccess(streams, expected);
    }

    nats.kill();
    nats.restart();

    try (NatsStreams streams = new NatsStreams(nats.url())) {
      assertThat(streams.length(STREAM)).isEqualTo(SINGLE + ASYNC);
      assertThat(readAll(streams, "after-restart"))
          .containsExactlyElementsOf(Values.strings(expected));
      assertRandomAccess(streams, expected);
    }
  }

  @Test
  void pullReaderHandsOverEachMessageAsItArrives() throws Exception {
    try (NatsStreams streams = new NatsStreams(nats.url());
        NatsStreams.Producer producer = streams.producer(SUBJECT)) {
      streams.ensureStream(STREAM, SUBJECT);
      try (NatsStreams.Reader reader = streams.reader(STREAM, "tail", 100)) {
        assertThat(reader.poll(Duration.ofMillis(50), v -> {})).isZero();

        int count = 20;
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch allSeen = new CountDownLatch(count);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread tail =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        while (running.get()) {
                          reader.poll(
                              Duration.ofMillis(100),
                              v -> {
                                seen.add(new String(v, UTF_8));
                                allSeen.countDown();
                              });
                        }
                      } catch (Exception e) {
                        failures.add(e);
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
        assertThat(failures).isEmpty();
      }
    }
  }

  @Test
  void concurrentProducersEachOnTheirOwnConnection() throws Exception {
    int threads = 8;
    int perThread = 100;
    try (NatsStreams streams = new NatsStreams(nats.url())) {
      streams.ensureStream(STREAM, SUBJECT);
      List<Thread> producers = new ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        producers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try (NatsStreams.Producer producer = streams.producer(SUBJECT)) {
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

      List<String> read = readAll(streams, "readers");
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

  private static List<String> readAll(NatsStreams streams, String durable) throws Exception {
    List<String> read = new ArrayList<>();
    try (NatsStreams.Reader reader = streams.reader(STREAM, durable, 100)) {
      long n = reader.drain(v -> read.add(new String(v, UTF_8)));
      assertThat(n).isEqualTo(read.size());
    }
    return read;
  }

  private static void assertRandomAccess(NatsStreams streams, List<byte[]> expected)
      throws Exception {
    for (int i : new int[] {0, 1, SINGLE - 1, SINGLE, SINGLE + ASYNC / 2, expected.size() - 1}) {
      assertThat(streams.read(STREAM, i + 1L)).as("message %d", i).isEqualTo(expected.get(i));
    }
  }
}
