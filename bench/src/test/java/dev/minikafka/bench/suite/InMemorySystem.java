package dev.minikafka.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A broker in this JVM's memory for testing the workloads' bookkeeping: topics are synchronized
 * lists, every client works on them directly, {@code sendDelay} slows each single-message send.
 */
final class InMemorySystem implements BenchSystem {
  private final Map<String, List<byte[]>> topics = new ConcurrentHashMap<>();
  private final Duration sendDelay;
  private final boolean batches;

  InMemorySystem(Duration sendDelay, boolean batches) {
    this.sendDelay = sendDelay;
    this.batches = batches;
  }

  List<byte[]> topic(String name) {
    List<byte[]> t = topics.get(name);
    if (t == null) {
      throw new IllegalStateException("no topic " + name);
    }
    return t;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public String durability() {
    return "none: memory";
  }

  @Override
  public void start(Path workDir) {}

  @Override
  public Duration killAndRestart() {
    return Duration.ZERO;
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public void createTopic(String topic) {
    topics.putIfAbsent(topic, java.util.Collections.synchronizedList(new ArrayList<>()));
  }

  @Override
  public SingleProducer singleProducer(String topic) {
    List<byte[]> t = topic(topic);
    return new SingleProducer() {
      @Override
      public void send(byte[] value) {
        if (!sendDelay.isZero()) {
          LockSupport.parkNanos(sendDelay.toNanos());
        }
        t.add(value);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<BatchProducer> batchProducer(String topic) {
    if (!batches) {
      return Optional.empty();
    }
    List<byte[]> t = topic(topic);
    return Optional.of(
        new BatchProducer() {
          @Override
          public void send(byte[] value) {
            t.add(value);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  @Override
  public BacklogReader backlogReader(String topic) {
    List<byte[]> t = topic(topic);
    return new BacklogReader() {
      @Override
      public long read(long records, Duration idle) {
        if (t.size() < records) {
          throw new IllegalStateException("only " + t.size() + " of " + records);
        }
        return records;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Subscription subscribeFromEnd(String topic, java.util.function.Consumer<byte[]> onValue) {
    List<byte[]> t = topic(topic);
    int[] next = {t.size()};
    return new PollingSubscription(
        "memory-subscription",
        () -> {
          while (next[0] < t.size()) {
            onValue.accept(t.get(next[0]++));
          }
          LockSupport.parkNanos(100_000);
        },
        () -> {},
        () -> {});
  }

  @Override
  public Optional<RandomReader> randomReader(String topic) {
    List<byte[]> t = topic(topic);
    return Optional.of(
        new RandomReader() {
          @Override
          public byte[] read(long offset) {
            return t.get((int) offset);
          }

          @Override
          public void close() {}
        });
  }

  @Override
  public void close() {}
}
