package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.ClientClosedException;
import dev.minikafka.client.ClientTimeoutException;
import dev.minikafka.client.MiniKafkaClientException;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import dev.minikafka.client.UnexpectedResponseException;
import dev.minikafka.core.errors.Errors;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The producer's I/O loop: takes ready batches from the accumulator and sends them, one request at
 * a time, so that records of a partition are stored in {@code send} order even across retries. A
 * broker that takes record batches gets one {@code POST
 * /v1/topics/{topic}/partitions/{partition}/batches} per partition of the batch, its records
 * encoded by {@link RecordBatchEncoder} (the broker stores the bytes as they come); an older broker
 * gets the whole batch as one JSON {@code POST /v1/topics/{topic}/records}. Retriable failures
 * (broker unreachable, request timeout, 503 storage errors, for the whole request or some of its
 * partitions) are retried with exponential backoff until the batch's {@code delivery.timeout.ms}
 * runs out; other errors fail the records at once with the broker's typed exception.
 *
 * <p>Runs on one thread it owns; not for use from other threads.
 */
public final class ProducerSender implements Runnable {
  /** The media type of a body of Kafka v2 record batches. */
  static final String RECORD_BATCH_TYPE = "application/vnd.kafka.record-batch.v2";

  /** A record of the batch in flight, with the partition chosen for it (null: the broker's). */
  private record Slot(PendingRecord pending, Integer partition) {}

  private final Transport transport;
  private final RecordAccumulator accumulator;
  private final ProducerConfig config;
  // Null when not idempotent; set to null when a PREFERRED producer meets a broker without it.
  private IdempotenceState idempotence;
  private final LongSupplier nanoClock;
  private final TopicMetadata metadata;
  private final PartitionChooser partitions;
  private Route route = Route.UNKNOWN;

  /** Whether the broker takes record batches: unknown until {@code GET /v1} gets an answer. */
  private enum Route {
    UNKNOWN,
    BATCHES,
    JSON_ONLY
  }

  /**
   * One partition's records of a batch, the timestamps they were encoded with, and the encoded
   * record batch; fixed before the first attempt, so that every retry sends the same bytes.
   */
  private static final class PartitionBatch {
    final int partition;
    final List<PendingRecord> records;
    final long[] timestamps;
    final byte[] bytes;

    PartitionBatch(int partition, List<PendingRecord> records, long[] timestamps, byte[] bytes) {
      this.partition = partition;
      this.records = records;
      this.timestamps = timestamps;
      this.bytes = bytes;
    }
  }

  /** A sender for {@code accumulator}'s batches over {@code transport}. */
  public ProducerSender(
      Transport transport,
      RecordAccumulator accumulator,
      ProducerConfig config,
      LongSupplier nanoClock) {
    this.transport = transport;
    this.accumulator = accumulator;
    this.config = config;
    this.nanoClock = nanoClock;
    this.metadata =
        new TopicMetadata(transport, config.requestTimeout(), config.metadataMaxAge(), nanoClock);
    this.partitions = new PartitionChooser(metadata);
    this.idempotence =
        config.idempotence() != ProducerConfig.Idempotence.DISABLED
            ? new IdempotenceState(transport, config.requestTimeout(), partitions)
            : null;
  }

  @Override
  public void run() {
    boolean drained = false;
    try {
      ProducerBatch batch;
      while ((batch = accumulator.next()) != null) {
        List<ProducerBatch> taken = withReadyBatchesOfItsTopic(batch);
        try {
          deliver(taken.size() == 1 ? batch : ProducerBatch.merge(taken));
        } finally {
          // Normally every record has its outcome here; after an interrupt (a bounded close gave
          // up) or an unexpected error, the rest must not wait forever.
          for (ProducerBatch b : taken) {
            failUnfinished(b, "the producer stopped before the record was delivered");
            accumulator.completed(b);
          }
        }
      }
      drained = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!drained) {
        accumulator.abortUnsent(
            new ClientClosedException("the producer stopped before the record was sent"));
      }
    }
  }

  /**
   * {@code first} and the batches of its topic that are ready behind it, as many as fit in one
   * request: while a request is out, batches pile up, and sending them together keeps one request
   * in flight (records stay in order) without a round trip per batch. The limit is {@code
   * max.request.size} and the topic's {@code max.message.bytes} (known once its metadata was read;
   * until then, and to a broker without the record batch route, batches go one by one).
   */
  private List<ProducerBatch> withReadyBatchesOfItsTopic(ProducerBatch first) {
    OptionalInt topicLimit = metadata.cachedMaxMessageBytes(first.topic());
    // JSON bodies are larger than the records (base64, field names), and bounded by the broker's
    // request size limit instead: only record batches are combined.
    if (topicLimit.isEmpty() || route != Route.BATCHES) {
      return List.of(first);
    }
    int budget = Math.min(config.maxRequestSize(), topicLimit.getAsInt());
    List<ProducerBatch> taken = new ArrayList<>();
    taken.add(first);
    int used = first.encodedSizeBound();
    ProducerBatch next;
    while ((next = accumulator.nextReadyOf(first.topic(), budget - used)) != null) {
      taken.add(next);
      used += next.encodedSizeBound();
    }
    return taken;
  }

  private static void failUnfinished(ProducerBatch batch, String why) {
    ClientClosedException error = null;
    for (PendingRecord r : batch.records()) {
      if (!r.future().isDone()) {
        if (error == null) {
          error = new ClientClosedException(why);
        }
        r.future().completeExceptionally(error);
      }
    }
  }

  /**
   * Sends {@code batch} until every record has its outcome: as record batches, one request per
   * partition, when the broker takes them; else as one JSON request.
   */
  void deliver(ProducerBatch batch) throws InterruptedException {
    if (takesBatches()) {
      deliverBatches(batch);
    } else {
      deliverJson(batch);
    }
  }

  /**
   * Whether the broker has the record-batch route, asked once of {@code GET /v1}, which lists the
   * API's features: a broker without that answer (404, 405) has no such route either. When the
   * broker cannot be reached the batch goes as JSON and the next one asks again; both routes number
   * records from the same idempotence state.
   */
  private boolean takesBatches() {
    if (route == Route.UNKNOWN) {
      try {
        JsonNode index = transport.send("GET", "/v1", null, config.requestTimeout());
        route = lists(index.path("features"), "record_batches") ? Route.BATCHES : Route.JSON_ONLY;
      } catch (UnexpectedResponseException e) {
        int status = e.statusCode();
        if (status == 404 || status == 405) {
          route = Route.JSON_ONLY;
        }
      } catch (MiniKafkaException | MiniKafkaClientException e) {
        // Unreachable, slow or failing: decide with the next batch.
      }
    }
    return route == Route.BATCHES;
  }

  private static boolean lists(JsonNode array, String name) {
    for (JsonNode n : array) {
      if (name.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String batchesPath(String topic, int partition) {
    return "/v1/topics/" + WireJson.segment(topic) + "/partitions/" + partition + "/batches";
  }

  /**
   * Sends {@code batch} as one record batch per partition, partition after partition, each retried
   * on its own until it has its outcome; the records' partitions, producer id and sequences are
   * fixed first, so a retry sends the same bytes.
   */
  private void deliverBatches(ProducerBatch batch) throws InterruptedException {
    long deadline = batch.createdNanos() + config.deliveryTimeout().toNanos();
    List<PartitionBatch> planned = null;
    RuntimeException last = null;
    int attempt = 0;
    while (planned == null) {
      try {
        planned = plan(batch);
      } catch (IdempotenceUnsupportedException e) {
        if (config.idempotence() == ProducerConfig.Idempotence.REQUIRED) {
          fail(null, batch, e);
          return;
        }
        idempotence = null;
      } catch (RuntimeException e) {
        if (!isRetriable(e)) {
          fail(null, batch, e);
          if (e instanceof UnknownTopicOrPartitionException) {
            partitions.invalidate(batch.topic());
          }
          return;
        }
        last = e;
        if (!pause(deadline, attempt++)) {
          fail(null, batch, timedOut(batch.topic(), last));
          return;
        }
      }
    }
    for (PartitionBatch p : planned) {
      sendPartition(batch.topic(), p, deadline);
    }
  }

  /**
   * Chooses each record's partition and stamps each partition's batch with the producer's id and
   * sequence when idempotent; record timestamps left unset become the producer's clock now.
   */
  private List<PartitionBatch> plan(ProducerBatch batch) {
    // Checked before sequences are taken, which a refused batch would otherwise spend.
    for (PendingRecord r : batch.records()) {
      Long timestamp = r.record().timestamp();
      if (timestamp != null && timestamp < 0) {
        // The broker refuses it in JSON; in a batch it would be stored, so it is refused here.
        throw new InvalidRequestException(
            "timestamp must not be negative, was " + timestamp + " (topic " + batch.topic() + ")");
      }
    }
    IdempotenceState.ProducerId producerId = idempotence == null ? null : idempotence.producerId();
    int[] chosen = partitions.assign(batch);
    Map<Integer, List<PendingRecord>> byPartition = new TreeMap<>();
    for (int i = 0; i < chosen.length; i++) {
      byPartition.computeIfAbsent(chosen[i], k -> new ArrayList<>()).add(batch.records().get(i));
    }
    Map<Integer, Integer> sequences =
        producerId == null ? Map.of() : idempotence.takeSequences(batch.topic(), chosen);
    long now = System.currentTimeMillis();
    List<PartitionBatch> out = new ArrayList<>(byPartition.size());
    byPartition.forEach(
        (p, pending) -> {
          List<ProducerRecord> records = new ArrayList<>(pending.size());
          long[] timestamps = new long[pending.size()];
          for (int i = 0; i < timestamps.length; i++) {
            ProducerRecord r = pending.get(i).record();
            records.add(r);
            timestamps[i] = r.timestamp() != null ? r.timestamp() : now;
          }
          byte[] bytes =
              producerId == null
                  ? RecordBatchEncoder.encode(
                      records, timestamps, RecordBatchEncoder.NO_PRODUCER_ID, (short) -1, -1)
                  : RecordBatchEncoder.encode(
                      records,
                      timestamps,
                      producerId.id(),
                      (short) producerId.epoch(),
                      sequences.get(p));
          out.add(new PartitionBatch(p, pending, timestamps, bytes));
        });
    return out;
  }

  /** Sends one partition's batch until its records have their outcome. */
  private void sendPartition(String topic, PartitionBatch p, long deadline)
      throws InterruptedException {
    String path = batchesPath(topic, p.partition);
    RuntimeException last;
    int attempt = 0;
    while (true) {
      try {
        long remaining = deadline - nanoClock.getAsLong();
        Duration timeout = min(config.requestTimeout(), Duration.ofNanos(Math.max(remaining, 1)));
        JsonNode answer = transport.send("POST", path, RECORD_BATCH_TYPE, p.bytes, timeout);
        long base = WireJson.longField(answer, "base_offset");
        for (int i = 0; i < p.records.size(); i++) {
          p.records
              .get(i)
              .future()
              .complete(new RecordMetadata(topic, p.partition, base + i, p.timestamps[i]));
        }
        return;
      } catch (RuntimeException e) {
        if (!isRetriable(e)) {
          failRecords(p.records, e);
          if (e instanceof UnknownTopicOrPartitionException) {
            partitions.invalidate(topic);
          }
          if (idempotence != null) {
            idempotence.reset();
          }
          return;
        }
        last = e;
      }
      if (!pause(deadline, attempt++)) {
        failRecords(p.records, timedOut(topic, last));
        if (idempotence != null) {
          idempotence.reset();
        }
        return;
      }
    }
  }

  /** Waits the backoff of {@code attempt}; false when the deadline passed instead. */
  private boolean pause(long deadline, int attempt) throws InterruptedException {
    long now = nanoClock.getAsLong();
    if (now - deadline >= 0) {
      return false;
    }
    TimeUnit.NANOSECONDS.sleep(Math.min(backoffNanos(attempt), deadline - now));
    return true;
  }

  private ClientTimeoutException timedOut(String topic, RuntimeException last) {
    return new ClientTimeoutException(
        "records for "
            + topic
            + " not delivered within delivery.timeout.ms ("
            + config.deliveryTimeout().toMillis()
            + " ms); last error: "
            + last.getMessage(),
        last);
  }

  private static void failRecords(List<PendingRecord> records, RuntimeException error) {
    records.forEach(r -> r.future().completeExceptionally(error));
  }

  /** Sends {@code batch} as one JSON request until every record has its outcome. */
  private void deliverJson(ProducerBatch batch) throws InterruptedException {
    long deadline = batch.createdNanos() + config.deliveryTimeout().toNanos();
    String path = "/v1/topics/" + WireJson.segment(batch.topic()) + "/records";
    List<Slot> slots = null;
    Map<Integer, Integer> sequences = null;
    IdempotenceState.ProducerId producerId = null;
    RuntimeException last = null;
    int attempt = 0;
    while (true) {
      try {
        if (slots == null) {
          if (idempotence != null) {
            try {
              producerId = idempotence.producerId();
            } catch (IdempotenceUnsupportedException e) {
              if (config.idempotence() == ProducerConfig.Idempotence.REQUIRED) {
                throw e;
              }
              idempotence = null;
              continue;
            }
            int[] partitions = idempotence.assignPartitions(batch);
            slots = new ArrayList<>(partitions.length);
            for (int i = 0; i < partitions.length; i++) {
              slots.add(new Slot(batch.records().get(i), partitions[i]));
            }
            sequences = idempotence.takeSequences(batch.topic(), partitions);
          } else {
            slots = new ArrayList<>(batch.records().size());
            for (PendingRecord r : batch.records()) {
              slots.add(new Slot(r, r.record().partition()));
            }
          }
        }
        long remaining = deadline - nanoClock.getAsLong();
        Duration timeout = min(config.requestTimeout(), Duration.ofNanos(Math.max(remaining, 1)));
        JsonNode answer = transport.send("POST", path, body(slots, sequences, producerId), timeout);
        List<Slot> again = complete(batch.topic(), slots, answer);
        if (again.isEmpty()) {
          return;
        }
        last = new StorageException("partitions of " + batch.topic() + " failed to store");
        slots = again;
        if (sequences != null) {
          Set<Integer> left = new HashSet<>();
          again.forEach(s -> left.add(s.partition()));
          sequences.keySet().retainAll(left);
        }
      } catch (RuntimeException e) {
        if (!isRetriable(e)) {
          fail(slots, batch, e);
          if (idempotence != null) {
            if (e instanceof UnknownTopicOrPartitionException) {
              idempotence.invalidate(batch.topic());
            }
            if (slots != null) {
              idempotence.reset();
            }
          }
          return;
        }
        last = e;
      }
      long now = nanoClock.getAsLong();
      if (now - deadline >= 0) {
        fail(slots, batch, timedOut(batch.topic(), last));
        if (idempotence != null && slots != null) {
          idempotence.reset();
        }
        return;
      }
      long pause = Math.min(backoffNanos(attempt++), deadline - now);
      TimeUnit.NANOSECONDS.sleep(pause);
    }
  }

  private long backoffNanos(int attempt) {
    long base = config.retryBackoff().toNanos();
    long max = config.retryBackoffMax().toNanos();
    long pause = attempt >= 20 ? max : Math.min(max, base << attempt);
    // Jitter of up to a fifth, so producers that failed together do not retry together.
    return pause
        - (long) (pause * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  static boolean isRetriable(RuntimeException e) {
    return (e instanceof MiniKafkaClientException c && c.isRetriable())
        || e instanceof StorageException;
  }

  private static ObjectNode body(
      List<Slot> slots, Map<Integer, Integer> sequences, IdempotenceState.ProducerId producerId) {
    ObjectNode body = WireJson.object();
    body.put("format", "base64");
    if (producerId != null) {
      body.put("producer_id", producerId.id());
      body.put("producer_epoch", producerId.epoch());
      ObjectNode seq = body.putObject("sequences");
      sequences.forEach((p, s) -> seq.put(Integer.toString(p), s));
    }
    ArrayNode records = body.putArray("records");
    for (Slot slot : slots) {
      ProducerRecord r = slot.pending().record();
      ObjectNode node = records.addObject();
      if (slot.partition() != null) {
        node.put("partition", slot.partition());
      }
      if (r.timestamp() != null) {
        node.put("timestamp", r.timestamp());
      }
      node.put("key", WireJson.base64(r.key()));
      node.put("value", WireJson.base64(r.value()));
      if (!r.headers().isEmpty()) {
        node.set("headers", WireJson.headersJson(r.headers()));
      }
    }
    return body;
  }

  /**
   * Completes the futures of the records the answer acknowledges or refuses for good; returns the
   * slots to send again (their partition failed with a retriable error).
   */
  private static List<Slot> complete(String topic, List<Slot> slots, JsonNode answer) {
    JsonNode results = answer.path("results");
    if (!results.isArray() || results.size() != slots.size()) {
      RuntimeException e =
          WireJson.unexpected(
              "the produce answer has "
                  + (results.isArray() ? results.size() : "no")
                  + " results for "
                  + slots.size()
                  + " records: "
                  + answer);
      slots.forEach(s -> s.pending().future().completeExceptionally(e));
      return List.of();
    }
    List<Slot> retry = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      JsonNode result = results.get(i);
      if (result.has("error_code")) {
        MiniKafkaException error =
            Errors.toException(result.get("error_code").asInt(), result.path("message").asText(""));
        if (error instanceof StorageException) {
          retry.add(slot);
        } else {
          slot.pending().future().completeExceptionally(error);
        }
        continue;
      }
      Long timestamp = WireJson.optionalLong(result, "timestamp");
      ProducerRecord r = slot.pending().record();
      slot.pending()
          .future()
          .complete(
              new RecordMetadata(
                  topic,
                  WireJson.intField(result, "partition"),
                  WireJson.longField(result, "offset"),
                  timestamp != null ? timestamp : r.timestamp() != null ? r.timestamp() : -1L));
    }
    return retry;
  }

  private static void fail(List<Slot> slots, ProducerBatch batch, RuntimeException error) {
    if (slots == null) {
      batch.records().forEach(r -> r.future().completeExceptionally(error));
    } else {
      slots.forEach(s -> s.pending().future().completeExceptionally(error));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
