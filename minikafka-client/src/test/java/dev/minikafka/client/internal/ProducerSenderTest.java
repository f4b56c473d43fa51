package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.client.BrokerUnavailableException;
import dev.minikafka.client.ClientTimeoutException;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import dev.minikafka.core.KeyPartitioner;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The sender's request building, retries and idempotent numbering, against a scripted transport
 * (the real HTTP exchange is covered by the tests against a running server).
 */
class ProducerSenderTest {
  private final List<CompletableFuture<RecordMetadata>> appended = new ArrayList<>();
  private final FakeTransport transport = new FakeTransport();

  private static ProducerConfig config(boolean idempotent, Duration deliveryTimeout) {
    return config(
        idempotent ? ProducerConfig.Idempotence.REQUIRED : ProducerConfig.Idempotence.DISABLED,
        deliveryTimeout);
  }

  private static ProducerConfig config(
      ProducerConfig.Idempotence idempotent, Duration deliveryTimeout) {
    return new ProducerConfig(
        0,
        1 << 20,
        deliveryTimeout,
        Duration.ofSeconds(5),
        Duration.ofMillis(1),
        Duration.ofMillis(4),
        idempotent,
        Duration.ofMinutes(5),
        1 << 20);
  }

  /** Appends {@code records} as one batch and delivers it. */
  private List<CompletableFuture<RecordMetadata>> deliver(
      ProducerSender sender, RecordAccumulator acc, ProducerRecord... records) throws Exception {
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (ProducerRecord r : records) {
      futures.add(acc.append(r));
    }
    acc.close();
    sender.deliver(acc.next());
    return futures;
  }

  private static RecordAccumulator accumulator() {
    return new RecordAccumulator(0, 1 << 20, System::nanoTime);
  }

  private static Throwable cause(CompletableFuture<?> f) {
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void plainBatchIsOneRequestInBase64AndLeavesKeyedPartitioningToTheBroker() throws Exception {
    transport.then(r -> FakeTransport.acknowledgeAll(r, 40));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(5)), System::nanoTime);
    var futures =
        deliver(
            sender,
            acc,
            ProducerRecord.ofStrings("orders", "k", "v1"),
            ProducerRecord.ofStrings("orders", "v2").withPartition(2).withTimestamp(7));

    assertThat(transport.requests()).hasSize(1);
    FakeTransport.Request request = transport.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/topics/orders/records");
    JsonNode body = request.body();
    assertThat(body.get("format").asText()).isEqualTo("base64");
    assertThat(body.has("producer_id")).isFalse();
    JsonNode first = body.get("records").get(0);
    assertThat(first.has("partition")).isFalse();
    assertThat(first.get("key").asText()).isEqualTo("aw==");
    assertThat(first.get("value").asText()).isEqualTo("djE=");
    JsonNode second = body.get("records").get(1);
    assertThat(second.get("partition").asInt()).isEqualTo(2);
    assertThat(second.get("timestamp").asLong()).isEqualTo(7);
    assertThat(second.get("key").isNull()).isTrue();

    assertThat(futures.get(0).get().offset()).isEqualTo(40);
    assertThat(futures.get(1).get())
        .isEqualTo(new RecordMetadata("orders", 2, 41, 1_764_000_000_000L));
  }

  private static JsonNode stored(long baseOffset, long lastOffset) {
    return FakeTransport.json(
        "{\"partition\":0,\"base_offset\":"
            + baseOffset
            + ",\"last_offset\":"
            + lastOffset
            + ",\"log_append_time\":-1,\"duplicate\":false}");
  }

  @Test
  void withTheBatchRouteEachPartitionIsOneBatchAndARetrySendsTheSameBytes() throws Exception {
    transport
        .acceptBatches()
        .then(r -> FakeTransport.json("{\"producer_id\":9,\"producer_epoch\":3}"))
        .then(
            r -> {
              throw new StorageException("disk full");
            })
        .then(r -> stored(5, 6))
        .then(r -> stored(0, 0))
        .then(r -> stored(7, 7));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(true, ofSec(30)), System::nanoTime);
    var futures =
        deliver(
            sender,
            acc,
            ProducerRecord.ofStrings("orders", "a").withPartition(2).withTimestamp(11),
            ProducerRecord.ofStrings("orders", "b").withPartition(0).withTimestamp(12),
            ProducerRecord.ofStrings("orders", "c").withPartition(0).withTimestamp(13));

    assertThat(transport.requests())
        .extracting(FakeTransport.Request::path)
        .containsExactly(
            "/v1/producers",
            "/v1/topics/orders/partitions/0/batches",
            "/v1/topics/orders/partitions/0/batches",
            "/v1/topics/orders/partitions/2/batches");
    List<byte[]> bodies = transport.batchBodies();
    assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
    assertHeader(bodies.get(0), 9, 3, 0, 2);
    assertHeader(bodies.get(2), 9, 3, 0, 1);
    assertThat(futures.get(0).get()).isEqualTo(new RecordMetadata("orders", 2, 0, 11));
    assertThat(futures.get(1).get()).isEqualTo(new RecordMetadata("orders", 0, 5, 12));
    assertThat(futures.get(2).get()).isEqualTo(new RecordMetadata("orders", 0, 6, 13));

    // The next batch to partition 0 goes on from its sequence, without asking about the route.
    RecordAccumulator next = accumulator();
    ProducerRecord d = ProducerRecord.ofStrings("orders", "d").withPartition(0);
    CompletableFuture<RecordMetadata> f = next.append(d);
    next.close();
    sender.deliver(next.next());
    assertThat(f.get().offset()).isEqualTo(7);
    assertThat(transport.requests()).hasSize(5);
    assertHeader(transport.batchBodies().get(3), 9, 3, 2, 1);
  }

  /** Asserts a v2 batch header's producer id, epoch, base sequence and record count. */
  private static void assertHeader(byte[] batch, long producerId, int epoch, int seq, int count) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(batch);
    assertThat(b.get(16)).as("magic").isEqualTo((byte) 2);
    assertThat(b.getLong(43)).as("producer id").isEqualTo(producerId);
    assertThat(b.getShort(51)).as("producer epoch").isEqualTo((short) epoch);
    assertThat(b.getInt(53)).as("base sequence").isEqualTo(seq);
    assertThat(b.getInt(57)).as("record count").isEqualTo(count);
  }

  /**
   * Four one-record batches ready at once: the first goes alone (the topic's limit is not known
   * before its metadata is read), then the rest go together when the limit lets them.
   */
  private List<byte[]> sendFourReadyBatches(String maxMessageBytes) throws Exception {
    transport
        .acceptBatches()
        .then(
            r ->
                FakeTransport.json(
                    "{\"name\":\"orders\",\"partitions\":1,\"configs\":{\"max.message.bytes\":\""
                        + maxMessageBytes
                        + "\"}}"))
        .then(r -> stored(0, 0));
    for (int i = 1; i < 4; i++) {
      long offset = i;
      transport.then(r -> stored(offset, 3));
    }
    RecordAccumulator acc = new RecordAccumulator(0, 1, System::nanoTime);
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(5)), System::nanoTime);
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      futures.add(acc.append(ProducerRecord.ofStrings("orders", "v" + i)));
    }
    acc.close();
    sender.run();
    for (CompletableFuture<RecordMetadata> f : futures) {
      assertThat(f).isCompleted();
    }
    assertThat(futures.get(0).get().offset()).isZero();
    assertThat(futures.get(1).get().offset()).isEqualTo(1);
    return transport.batchBodies();
  }

  @Test
  void batchesReadyBehindARequestGoTogetherInTheNext() throws Exception {
    List<byte[]> bodies = sendFourReadyBatches("1048588");
    assertThat(bodies).hasSize(2);
    assertHeader(bodies.get(0), -1, -1, -1, 1);
    assertHeader(bodies.get(1), -1, -1, -1, 3);
  }

  @Test
  void batchesGoTogetherOnlyWithinTheTopicsRecordBatchLimit() throws Exception {
    List<byte[]> bodies = sendFourReadyBatches("200");
    assertThat(bodies).hasSize(4);
    for (byte[] body : bodies) {
      assertHeader(body, -1, -1, -1, 1);
    }
  }

  @Test
  void withoutTheBatchRouteTheSenderSpeaksJson() throws Exception {
    transport
        .then(r -> FakeTransport.acknowledgeAll(r, 0))
        .then(r -> FakeTransport.acknowledgeAll(r, 1));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(5)), System::nanoTime);
    deliver(sender, acc, ProducerRecord.ofStrings("orders", "v1"));
    RecordAccumulator next = accumulator();
    CompletableFuture<RecordMetadata> f = next.append(ProducerRecord.ofStrings("orders", "v2"));
    next.close();
    sender.deliver(next.next());
    assertThat(f.get().offset()).isEqualTo(1);
    assertThat(transport.requests())
        .extracting(FakeTransport.Request::path)
        .containsExactly("/v1/topics/orders/records", "/v1/topics/orders/records");
  }

  @Test
  void unreachableBrokerIsRetriedUntilItAnswers() throws Exception {
    transport
        .then(
            r -> {
              throw unavailable();
            })
        .then(
            r -> {
              throw new StorageException("disk full");
            })
        .then(r -> FakeTransport.acknowledgeAll(r, 0));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(30)), System::nanoTime);
    var futures = deliver(sender, acc, ProducerRecord.ofStrings("t", "v"));
    assertThat(futures.getFirst().get().offset()).isZero();
    assertThat(transport.requests()).hasSize(3);
  }

  @Test
  void onlyThePartitionThatFailedToStoreIsSentAgain() throws Exception {
    transport
        .then(
            r ->
                FakeTransport.json(
                    "{\"results\": [{\"partition\": 0, \"offset\": 5, \"timestamp\": 1},"
                        + " {\"error_code\": 56, \"error\": \"kafka_storage_error\","
                        + " \"message\": \"fsync failed\"}]}"))
        .then(r -> FakeTransport.acknowledgeAll(r, 9));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(30)), System::nanoTime);
    var futures =
        deliver(
            sender,
            acc,
            ProducerRecord.ofStrings("t", "a").withPartition(0),
            ProducerRecord.ofStrings("t", "b").withPartition(1));
    assertThat(futures.get(0).get().offset()).isEqualTo(5);
    assertThat(futures.get(1).get()).isEqualTo(new RecordMetadata("t", 1, 9, 1_764_000_000_000L));
    JsonNode retry = transport.requests().get(1).body().get("records");
    assertThat(retry).hasSize(1);
    assertThat(retry.get(0).get("value").asText()).isEqualTo("Yg==");
  }

  @Test
  void aRefusalFailsTheRecordsAtOnceWithTheBrokersException() throws Exception {
    transport.then(
        r -> {
          throw new UnknownTopicOrPartitionException("topic 'nope' does not exist");
        });
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(30)), System::nanoTime);
    var futures = deliver(sender, acc, ProducerRecord.ofStrings("nope", "v"));
    assertThat(cause(futures.getFirst()))
        .isInstanceOf(UnknownTopicOrPartitionException.class)
        .hasMessageContaining("nope");
    assertThat(transport.requests()).hasSize(1);
  }

  @Test
  void deliveryTimeoutEndsRetriesAndNamesTheLastError() throws Exception {
    transport.otherwise(
        r -> {
          throw unavailable();
        });
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, Duration.ofMillis(100)), System::nanoTime);
    var futures = deliver(sender, acc, ProducerRecord.ofStrings("t", "v"));
    Throwable failure = cause(futures.getFirst());
    assertThat(failure)
        .isInstanceOf(ClientTimeoutException.class)
        .hasMessageContaining("delivery.timeout.ms")
        .hasMessageContaining("connection refused");
    assertThat(failure.getCause()).isInstanceOf(BrokerUnavailableException.class);
    assertThat(transport.requests().size()).isGreaterThan(1);
  }

  @Test
  void idempotentProducerNumbersRecordsPerPartitionAndChoosesPartitions() throws Exception {
    transport
        .then(r -> FakeTransport.json("{\"producer_id\": 4001, \"producer_epoch\": 0}"))
        .then(
            r ->
                FakeTransport.json(
                    "{\"name\": \"t\", \"partitions\": [{\"partition\": 0},"
                        + " {\"partition\": 1}, {\"partition\": 2}]}"))
        .otherwise(r -> FakeTransport.acknowledgeAll(r, 0));
    RecordAccumulator acc = new RecordAccumulator(0, 1 << 20, System::nanoTime);
    ProducerSender sender =
        new ProducerSender(transport, acc, config(true, ofSec(30)), System::nanoTime);

    byte[] key = "customer-7".getBytes(StandardCharsets.UTF_8);
    int keyed = KeyPartitioner.partition(key, 3);
    appended.add(acc.append(ProducerRecord.ofBytes("t", key, new byte[1])));
    appended.add(acc.append(ProducerRecord.ofBytes("t", key, new byte[1])));
    appended.add(acc.append(ProducerRecord.ofStrings("t", "keyless-1")));
    appended.add(acc.append(ProducerRecord.ofStrings("t", "keyless-2")));
    sender.deliver(acc.next());
    appended.add(acc.append(ProducerRecord.ofBytes("t", key, new byte[1])));
    appended.add(acc.append(ProducerRecord.ofStrings("t", "keyless-3")));
    sender.deliver(acc.next());

    List<FakeTransport.Request> requests = transport.requests();
    assertThat(requests)
        .extracting(FakeTransport.Request::path)
        .containsExactly(
            "/v1/producers", "/v1/topics/t", "/v1/topics/t/records", "/v1/topics/t/records");
    JsonNode first = requests.get(2).body();
    assertThat(first.get("producer_id").asLong()).isEqualTo(4001);
    assertThat(first.get("producer_epoch").asInt()).isZero();
    JsonNode records = first.get("records");
    assertThat(records.get(0).get("partition").asInt()).isEqualTo(keyed);
    assertThat(records.get(1).get("partition").asInt()).isEqualTo(keyed);
    int sticky = records.get(2).get("partition").asInt();
    assertThat(records.get(3).get("partition").asInt()).isEqualTo(sticky);

    JsonNode second = requests.get(3).body();
    int nextSticky = second.get("records").get(1).get("partition").asInt();
    assertThat(nextSticky).as("keyless records move on per batch").isEqualTo((sticky + 1) % 3);
    // The keyed partition had two records, so its next batch starts at sequence 2.
    assertThat(second.get("sequences").get(Integer.toString(keyed)).asInt())
        .isEqualTo(keyed == sticky ? 4 : 2);
    assertThat(first.get("sequences").get(Integer.toString(keyed)).asInt()).isZero();
    for (CompletableFuture<RecordMetadata> f : appended) {
      assertThat(f.get().partition()).isBetween(0, 2);
    }
  }

  @Test
  void idempotentRetryResendsTheSameSequences() throws Exception {
    transport
        .then(r -> FakeTransport.json("{\"producer_id\": 7, \"producer_epoch\": 0}"))
        .then(
            r -> {
              throw new ClientTimeoutException("no answer");
            })
        .then(r -> FakeTransport.acknowledgeAll(r, 0));
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(true, ofSec(30)), System::nanoTime);
    var futures = deliver(sender, acc, ProducerRecord.ofStrings("t", "v").withPartition(0));
    assertThat(futures.getFirst().get().offset()).isZero();
    List<FakeTransport.Request> requests = transport.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(2).body()).isEqualTo(requests.get(1).body());
  }

  @Test
  void afterABatchFailsForGoodTheNextStartsWithANewProducerId() throws Exception {
    transport
        .then(r -> FakeTransport.json("{\"producer_id\": 1, \"producer_epoch\": 0}"))
        .then(
            r -> {
              throw new dev.minikafka.core.errors.RecordTooLargeException("too large");
            })
        .then(r -> FakeTransport.json("{\"producer_id\": 2, \"producer_epoch\": 0}"))
        .then(r -> FakeTransport.acknowledgeAll(r, 0));
    RecordAccumulator acc = new RecordAccumulator(0, 1 << 20, System::nanoTime);
    ProducerSender sender =
        new ProducerSender(transport, acc, config(true, ofSec(30)), System::nanoTime);
    var failed = acc.append(ProducerRecord.ofStrings("t", "v").withPartition(0));
    sender.deliver(acc.next());
    assertThat(failed).isCompletedExceptionally();
    var ok = acc.append(ProducerRecord.ofStrings("t", "w").withPartition(0));
    sender.deliver(acc.next());
    assertThat(ok.get().offset()).isZero();
    JsonNode body = transport.requests().get(3).body();
    assertThat(body.get("producer_id").asLong()).isEqualTo(2);
    assertThat(body.get("sequences").get("0").asInt()).isZero();
  }

  @Test
  void byDefaultABrokerWithoutIdempotentProducersIsUsedWithout() throws Exception {
    transport
        .then(
            r -> {
              throw new dev.minikafka.client.UnexpectedResponseException(404, "no such route");
            })
        .then(r -> FakeTransport.acknowledgeAll(r, 0))
        .then(r -> FakeTransport.acknowledgeAll(r, 1));
    RecordAccumulator acc = new RecordAccumulator(0, 1 << 20, System::nanoTime);
    ProducerSender sender =
        new ProducerSender(
            transport,
            acc,
            config(ProducerConfig.Idempotence.PREFERRED, ofSec(5)),
            System::nanoTime);
    appended.add(acc.append(ProducerRecord.ofStrings("t", "k", "v")));
    sender.deliver(acc.next());
    appended.add(acc.append(ProducerRecord.ofStrings("t", "k", "w")));
    sender.deliver(acc.next());
    assertThat(appended.get(1).get().offset()).isEqualTo(1);
    assertThat(transport.requests())
        .extracting(FakeTransport.Request::path)
        .containsExactly("/v1/producers", "/v1/topics/t/records", "/v1/topics/t/records");
    JsonNode body = transport.requests().get(1).body();
    assertThat(body.has("producer_id")).isFalse();
    assertThat(body.get("records").get(0).has("partition")).isFalse();
  }

  @Test
  void askingForIdempotenceFromABrokerWithoutItFailsTheRecords() throws Exception {
    transport.then(
        r -> {
          throw new dev.minikafka.client.UnexpectedResponseException(404, "no such route");
        });
    RecordAccumulator acc = accumulator();
    ProducerSender sender =
        new ProducerSender(transport, acc, config(true, ofSec(5)), System::nanoTime);
    var futures = deliver(sender, acc, ProducerRecord.ofStrings("t", "v"));
    assertThat(cause(futures.getFirst()))
        .isInstanceOf(IdempotenceUnsupportedException.class)
        .hasMessageContaining("enableIdempotence(false)");
    assertThat(transport.requests()).hasSize(1);
  }

  @Test
  void anUnexpectedErrorOnTheIoThreadFailsTheRecordsInsteadOfLosingThem() throws Exception {
    transport.then(
        r -> {
          throw new LinkageError("simulated: a class could not be loaded");
        });
    RecordAccumulator acc = new RecordAccumulator(0, 1 << 20, System::nanoTime);
    ProducerSender sender =
        new ProducerSender(transport, acc, config(false, ofSec(5)), System::nanoTime);
    CompletableFuture<RecordMetadata> inFlight = acc.append(ProducerRecord.ofStrings("t", "v"));
    Thread io = Thread.ofVirtual().unstarted(sender);
    io.setUncaughtExceptionHandler((t, e) -> {});
    io.start();
    io.join();
    assertThat(cause(inFlight)).isInstanceOf(dev.minikafka.client.ClientClosedException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> acc.append(ProducerRecord.ofStrings("t", "later")))
        .isInstanceOf(dev.minikafka.client.ClientClosedException.class);
  }

  private static BrokerUnavailableException unavailable() {
    return new BrokerUnavailableException(
        "cannot connect to http://fake: connection refused", new java.net.ConnectException());
  }

  private static Duration ofSec(int s) {
    return Duration.ofSeconds(s);
  }
}
