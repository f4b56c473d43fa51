package dev.minikafka.checker.workload;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.client.AutoOffsetReset;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.ConsumerRebalanceListener;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.ConsumerRecords;
import dev.minikafka.client.OffsetAndMetadata;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A member of a consumer group through the Java SDK's {@link Consumer}, without auto-commit: it
 * polls, then commits, explicitly, the offset after the last record each partition returned. A
 * commit that fails (say the group moved to a new generation meanwhile) is tried again after the
 * next poll, for the partitions the member still owns; those it lost go uncommitted, and their next
 * owner reads them again (at-least-once). Rebalance callbacks become {@link Action.Reposition}
 * events. The fault injector can make it {@link #stall} between a poll and its commit, as a
 * consumer stuck in its processing would.
 */
public final class SdkConsumerClient implements WorkloadClient {
  private final String name;
  private final String group;
  private final String url;
  private final List<String> topics;
  private final History history;
  private final Gate gate;
  private final Duration sessionTimeout;
  private final AtomicLong stallMillis = new AtomicLong();
  // Offsets returned but not yet committed, per partition; used by the consumer's thread only.
  private final Map<TopicPartition, Long> uncommitted = new LinkedHashMap<>();
  private volatile boolean stopped;

  /** A member of {@code group} reading {@code topics}. */
  public SdkConsumerClient(
      String name,
      String group,
      String url,
      List<String> topics,
      History history,
      Gate gate,
      Duration sessionTimeout) {
    this.name = name;
    this.group = group;
    this.url = url;
    this.topics = List.copyOf(topics);
    this.history = history;
    this.gate = gate;
    this.sessionTimeout = sessionTimeout;
  }

  @Override
  public String name() {
    return name;
  }

  /** The group it is a member of. */
  public String group() {
    return group;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  /** Makes the next poll that returns records wait {@code pause} before it commits. */
  public void stall(Duration pause) {
    stallMillis.set(pause.toMillis());
  }

  @Override
  public void run() {
    try (Consumer consumer =
        Consumer.builder()
            .bootstrap(url)
            .groupId(group)
            .clientId(name)
            .autoOffsetReset(AutoOffsetReset.EARLIEST)
            .enableAutoCommit(false)
            .sessionTimeout(sessionTimeout)
            .requestTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(2))
            .maxPollRecords(200)
            .build()) {
      consumer.subscribe(topics, new Listener());
      while (!stopped) {
        gate.begin();
        try {
          pollAndCommit(consumer);
        } finally {
          gate.end();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // close() could not leave the group (the broker is gone): the session timeout will.
      history.event(name, new Action.Reposition(name, group, "closed: " + Outcomes.describe(e)));
    }
  }

  private void pollAndCommit(Consumer consumer) throws InterruptedException {
    long invoked = history.now();
    ConsumerRecords records;
    try {
      records = consumer.poll(Duration.ofMillis(300));
    } catch (RuntimeException e) {
      history.record(
          name,
          invoked,
          Outcomes.of(e),
          new Action.Poll(name, group, List.of()),
          Outcomes.describe(e));
      return;
    }
    List<Rec> recs = new ArrayList<>();
    for (ConsumerRecord r : records) {
      recs.add(new Rec(r.topicPartition(), r.offset(), r.valueAsString()));
      uncommitted.put(r.topicPartition(), r.offset() + 1);
    }
    history.record(name, invoked, Outcome.OK, new Action.Poll(name, group, recs), null);
    if (uncommitted.isEmpty()) {
      return;
    }
    long stall = recs.isEmpty() ? 0 : stallMillis.getAndSet(0);
    if (stall > 0) {
      history.event(name, new Action.Fault("consumer-stall", name + " stalls " + stall + " ms"));
      Thread.sleep(stall);
    }
    Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
    uncommitted.forEach((tp, offset) -> next.put(tp, OffsetAndMetadata.of(offset)));
    Map<TopicPartition, Long> offsets = Map.copyOf(uncommitted);
    long commitInvoked = history.now();
    try {
      consumer.commitSync(next);
      history.record(
          name, commitInvoked, Outcome.OK, new Action.Commit(name, group, offsets), null);
      uncommitted.clear();
    } catch (RuntimeException e) {
      history.record(
          name,
          commitInvoked,
          Outcomes.of(e),
          new Action.Commit(name, group, offsets),
          Outcomes.describe(e));
    }
  }

  /** Records every change of the member's partitions and forgets what it no longer owns. */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      uncommitted.keySet().removeAll(partitions);
      history.event(name, new Action.Reposition(name, group, "revoked " + partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      history.event(name, new Action.Reposition(name, group, "assigned " + partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      uncommitted.keySet().removeAll(partitions);
      history.event(name, new Action.Reposition(name, group, "lost " + partitions));
    }
  }
}
