package dev.minikafka.broker;

import dev.minikafka.broker.groups.GroupCoordinator;
import dev.minikafka.broker.groups.internal.DefaultGroupCoordinator;
import dev.minikafka.broker.groups.internal.OffsetStore;
import dev.minikafka.broker.internal.DurableMap;
import dev.minikafka.broker.internal.Partitioner;
import dev.minikafka.broker.internal.ProducerStates;
import dev.minikafka.broker.internal.TopicSignals;
import dev.minikafka.core.Clock;
import dev.minikafka.core.Futures;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.StorageConfig;
import dev.minikafka.storage.TopicMetadata;
import dev.minikafka.storage.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's domain service over one data directory: topics, produce, and the classroom consumers
 * (each a consumer group of one whose offset advances as messages are handed out).
 *
 * <p>State: messages live in the topics' partition logs; which consumer reads which topic, and
 * every committed offset, live in the internal topic {@value #OFFSETS_TOPIC}, so both survive a
 * restart or a crash with the durability of the flush policy.
 *
 * <p>The consumer groups of the {@code /v1} API ({@link #groups()}) share the committed offsets: a
 * classroom consumer is listed and described as a group of one.
 *
 * <p>Thread-safety: safe for concurrent use. Calls for one consumer are serialized, so two
 * concurrent consumes never hand out the same message; everything else runs in parallel.
 */
public final class Broker implements AutoCloseable {
  /** The internal topic holding consumers and committed offsets; hidden from topic lists. */
  public static final String OFFSETS_TOPIC = "__consumer_offsets";

  /** The longest a consume may wait for a message. */
  public static final long MAX_WAIT_MS = 300_000;

  /**
   * Reads ask for one byte: the read still returns the whole batch holding the offset, and no more.
   */
  private static final int READ_BYTES = 1;

  private final LogManager logs;
  private final DurableMap state;
  private final TopicSignals signals = new TopicSignals();
  private final Map<String, ReentrantLock> consumerLocks = new ConcurrentHashMap<>();
  private final Map<String, String> producers = new ConcurrentHashMap<>();
  private final TopicService topicService;
  private final ProduceService produceService;
  private final FetchService fetchService;
  private final DefaultGroupCoordinator groups;

  private Broker(LogManager logs, DurableMap state, Clock clock) {
    this.logs = logs;
    this.state = state;
    this.topicService = new TopicService(logs, signals);
    this.produceService =
        new ProduceService(
            logs, signals, new Partitioner(), clock, new ProducerStates(state, clock));
    this.fetchService = new FetchService(logs, signals);
    this.groups =
        new DefaultGroupCoordinator(
            logs,
            new OffsetStore(state),
            signals,
            clock,
            OFFSETS_TOPIC,
            DefaultGroupCoordinator.REAP_INTERVAL_MS);
  }

  /** Opens the data directory (recovering it after an unclean stop) and the broker's own state. */
  public static Broker open(StorageConfig storage) {
    LogManager logs = LogManager.open(storage);
    try {
      if (logs.topic(OFFSETS_TOPIC).isEmpty()) {
        logs.createTopic(
            OFFSETS_TOPIC,
            1,
            Map.of(LogConfig.RETENTION_MS, "-1", LogConfig.RETENTION_BYTES, "-1"));
      }
      DurableMap state = DurableMap.replay(logs.log(new TopicPartition(OFFSETS_TOPIC, 0)));
      return new Broker(logs, state, storage.logOptions().clock());
    } catch (RuntimeException e) {
      logs.close();
      throw e;
    }
  }

  /** The logs beneath the broker. */
  public LogManager logs() {
    return logs;
  }

  /** Topic administration. */
  public TopicService topicService() {
    return topicService;
  }

  /** Batch produce, with Kafka's partitioner. */
  public ProduceService produceService() {
    return produceService;
  }

  /** Reads of one partition without a group, and offset lookups. */
  public FetchService fetchService() {
    return fetchService;
  }

  /**
   * Creates the topic with one partition unless it exists.
   *
   * @throws dev.minikafka.core.errors.InvalidTopicException for a name that breaks Kafka's rule
   */
  public TopicRegistration registerTopic(String topic) {
    checkUserTopic(topic);
    Optional<TopicMetadata> existing = logs.topic(topic);
    if (existing.isPresent()) {
      return new TopicRegistration(topic, existing.get().partitions(), false);
    }
    try {
      TopicMetadata created = logs.createTopic(topic, 1, Map.of());
      return new TopicRegistration(topic, created.partitions(), true);
    } catch (TopicExistsException raced) {
      return new TopicRegistration(topic, logs.topic(topic).orElseThrow().partitions(), false);
    }
  }

  /**
   * Acknowledges a producer of {@code topic}, creating the topic if needed.
   *
   * @return the producer's id, generated when {@code producerId} is null
   */
  public String registerProducer(String topic, String producerId) {
    String id = Ids.validateOrGenerate("producer_id", producerId, "producer");
    registerTopic(topic);
    producers.put(id, topic);
    return id;
  }

  /**
   * Registers a consumer of {@code topic}, creating the topic if needed. A new consumer starts at
   * the beginning of the topic; one registering again for the same topic keeps its offsets; one
   * moving to another topic starts that topic from the beginning.
   */
  public ConsumerRegistration registerConsumer(String topic, String consumerId) {
    String id = Ids.validateOrGenerate("consumer_id", consumerId, "consumer");
    registerTopic(topic);
    ReentrantLock lock = consumerLock(id);
    lock.lock();
    try {
      if (!topic.equals(state.get(consumerKey(id)))) {
        state.put(consumerKey(id), topic);
      }
      return new ConsumerRegistration(id, topic, totalOffset(id, topic));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends one message. Returns once it is stored with the durability of the flush policy.
   *
   * @throws UnknownTopicOrPartitionException when the topic does not exist
   */
  public ProduceResult produce(String topic, String key, String value) {
    checkUserTopic(topic);
    if (logs.topic(topic).isEmpty()) {
      throw new UnknownTopicOrPartitionException(
          "topic '" + topic + "' does not exist; register it first");
    }
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    // One record is a request of one: produceService throws when it was not stored.
    RecordResult.Stored r =
        (RecordResult.Stored)
            produceService.produce(topic, List.of(ProduceRecord.of(keyBytes, valueBytes))).get(0);
    return new ProduceResult(topic, r.partition(), r.offset(), r.timestamp());
  }

  /**
   * Hands the consumer its next message and advances its offset past it, waiting up to {@code
   * timeoutMs} for one to arrive.
   *
   * @return the message, or empty when none arrived in time
   * @throws UnknownConsumerException when no consumer has that id
   * @throws InvalidRequestException when the timeout is negative or over {@link #MAX_WAIT_MS}
   */
  public Optional<ConsumedMessage> consume(String consumerId, long timeoutMs) {
    if (timeoutMs < 0 || timeoutMs > MAX_WAIT_MS) {
      throw new InvalidRequestException(
          "timeout_ms must be between 0 and " + MAX_WAIT_MS + ", was " + timeoutMs);
    }
    if (consumerId == null) {
      throw new InvalidRequestException("consumer_id is required");
    }
    Ids.validateOrGenerate("consumer_id", consumerId, "consumer");
    String topic = state.get(consumerKey(consumerId));
    if (topic == null) {
      throw new UnknownConsumerException(
          "consumer '" + consumerId + "' is not registered; call /consumers/register first");
    }
    long deadline = System.nanoTime() + TopicSignals.nanos(timeoutMs);
    Taken taken = takeWaiting(consumerId, topic, deadline);
    if (taken == null) {
      return Optional.empty();
    }
    // The offset moved under the consumer's lock; its fsync is awaited outside it, so the
    // consumer's next request can go on while this one's commit is forced (they share fsyncs).
    Futures.join(taken.committed());
    return Optional.of(taken.message());
  }

  /** A message handed out, and the commit of the offset past it. */
  private record Taken(ConsumedMessage message, CompletableFuture<Void> committed) {}

  /** Takes the consumer's next message, waiting until {@code deadline}; null when none came. */
  private Taken takeWaiting(String consumerId, String topic, long deadline) {
    ReentrantLock lock = consumerLock(consumerId);
    lock.lock();
    try {
      while (true) {
        long seen = signals.version(topic);
        Taken next = takeNext(consumerId, topic);
        long remaining = deadline - System.nanoTime();
        if (next != null || remaining <= 0) {
          return next;
        }
        lock.unlock();
        try {
          signals.awaitChange(topic, seen, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        } finally {
          lock.lock();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private Taken takeNext(String consumerId, String topic) {
    TopicMetadata meta =
        logs.topic(topic)
            .orElseThrow(
                () -> new UnknownTopicOrPartitionException("topic '" + topic + "' was deleted"));
    int n = meta.partitions();
    for (int i = 0; i < n; i++) {
      TopicPartition tp = new TopicPartition(topic, i);
      PartitionLog log = logs.log(tp);
      long offset = Math.max(committed(consumerId, tp), log.logStartOffset());
      if (offset < log.highWatermark()) {
        List<LogRecord> records = log.read(offset, READ_BYTES).records().records(offset, 1);
        if (records.isEmpty()) {
          continue;
        }
        LogRecord r = records.get(0);
        CompletableFuture<Void> committed =
            state.putAsync(offsetKey(consumerId, tp), Long.toString(r.offset() + 1));
        return new Taken(
            new ConsumedMessage(
                topic, i, r.offset(), text(r.key()), text(r.value()), r.timestamp()),
            committed);
      }
    }
    return null;
  }

  /** Topics with their message counts, and every classroom consumer with its offset. */
  public BrokerStats stats() {
    Map<String, BrokerStats.TopicStats> topics = new LinkedHashMap<>();
    for (TopicMetadata t : logs.topics()) {
      if (t.name().equals(OFFSETS_TOPIC)) {
        continue;
      }
      long messages = 0;
      for (int p = 0; p < t.partitions(); p++) {
        PartitionLog log = logs.log(new TopicPartition(t.name(), p));
        messages += log.highWatermark() - log.logStartOffset();
      }
      topics.put(t.name(), new BrokerStats.TopicStats(t.partitions(), messages));
    }
    Map<String, BrokerStats.ConsumerStats> consumers = new LinkedHashMap<>();
    state.snapshot().entrySet().stream()
        .filter(e -> e.getKey().startsWith("consumer/"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String id = e.getKey().substring("consumer/".length());
              consumers.put(
                  id, new BrokerStats.ConsumerStats(e.getValue(), totalOffset(id, e.getValue())));
            });
    return new BrokerStats(topics, consumers);
  }

  /** The consumer groups of the {@code /v1} API, over the same logs and committed offsets. */
  public GroupCoordinator groups() {
    return groups;
  }

  /** Stops the group coordinator and closes the logs, marking the data directory clean. */
  @Override
  public void close() {
    groups.close();
    logs.close();
  }

  private long totalOffset(String consumerId, String topic) {
    int partitions = logs.topic(topic).map(TopicMetadata::partitions).orElse(0);
    long total = 0;
    for (int p = 0; p < partitions; p++) {
      total += committed(consumerId, new TopicPartition(topic, p));
    }
    return total;
  }

  private long committed(String group, TopicPartition tp) {
    String v = state.get(offsetKey(group, tp));
    return v == null ? 0 : OffsetStore.decode(v).offset();
  }

  private ReentrantLock consumerLock(String id) {
    return consumerLocks.computeIfAbsent(id, k -> new ReentrantLock());
  }

  private static void checkUserTopic(String topic) {
    UserTopics.check(topic);
  }

  private static String consumerKey(String id) {
    return "consumer/" + id;
  }

  private static String offsetKey(String group, TopicPartition tp) {
    return "offset/" + group + "/" + tp.partition() + "/" + tp.topic();
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
