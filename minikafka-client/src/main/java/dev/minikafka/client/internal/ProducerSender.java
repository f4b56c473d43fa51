package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.ClientClosedException;
import dev.minikafka.client.ClientTimeoutException;
import dev.minikafka.client.MiniKafkaClientException;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import dev.minikafka.core.errors.Errors;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The producer's I/O loop: takes ready batches from the accumulator and sends each as one {@code
 * POST /v1/topics/{topic}/records}, one request at a time, so that records of a partition are
 * stored in {@code send} order even across retries. Retriable failures (broker unreachable, request
 * timeout, 503 storage errors, for the whole request or some of its partitions) are retried with
 * exponential backoff until the batch's {@code delivery.timeout.ms} runs out; other errors fail the
 * records at once with the broker's typed exception.
 *
 * <p>Runs on one thread it owns; not for use from other threads.
 */
public final class ProducerSender implements Runnable {
  /** A record of the batch in flight, with the partition chosen for it (null: the broker's). */
  private record Slot(PendingRecord pending, Integer partition) {}

  private final Transport transport;
  private final RecordAccumulator accumulator;
  private final ProducerConfig config;
  // Null when not idempotent; set to null when a PREFERRED producer meets a broker without it.
  private IdempotenceState idempotence;
  private final LongSupplier nanoClock;

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
    this.idempotence =
        config.idempotence() != ProducerConfig.Idempotence.DISABLED
            ? new IdempotenceState(
                transport,
                config.requestTimeout(),
                new TopicMetadata(
                    transport, config.requestTimeout(), config.metadataMaxAge(), nanoClock))
            : null;
  }

  @Override
  public void run() {
    boolean drained = false;
    try {
      ProducerBatch batch;
      while ((batch = accumulator.next()) != null) {
        try {
          deliver(batch);
        } finally {
          // Normally every record has its outcome here; after an interrupt (a bounded close gave
          // up) or an unexpected error, the rest must not wait forever.
          failUnfinished(batch, "the producer stopped before the record was delivered");
          accumulator.completed(batch);
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

  /** Sends {@code batch} until every record has its outcome. */
  void deliver(ProducerBatch batch) throws InterruptedException {
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
        fail(
            slots,
            batch,
            new ClientTimeoutException(
                "records for "
                    + batch.topic()
                    + " not delivered within delivery.timeout.ms ("
                    + config.deliveryTimeout().toMillis()
                    + " ms); last error: "
                    + last.getMessage(),
                last));
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
