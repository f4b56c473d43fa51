package dev.minikafka.checker.workload;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.client.Producer;
import dev.minikafka.client.ProducerRecord;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * The Java SDK's {@link Producer}, idempotent (its default), sending unique values to random
 * partitions with at most {@value #MAX_IN_FLIGHT} sends unanswered; each send is one operation,
 * from {@code send} to its future's completion.
 */
public final class SdkProducerClient implements WorkloadClient {
  private static final int MAX_IN_FLIGHT = 32;

  private final String name;
  private final String url;
  private final Topics topics;
  private final History history;
  private final Gate gate;
  private final Random random;
  private final Duration pace;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private volatile boolean stopped;

  /**
   * @param pace the pause between two sends
   */
  public SdkProducerClient(
      String name,
      String url,
      Topics topics,
      History history,
      Gate gate,
      long seed,
      Duration pace) {
    this.name = name;
    this.url = url;
    this.topics = topics;
    this.history = history;
    this.gate = gate;
    this.random = new Random(seed);
    this.pace = pace;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    try (Producer producer =
        Producer.builder()
            .bootstrap(url)
            .lingerMs(5)
            .deliveryTimeout(Duration.ofSeconds(30))
            .requestTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(2))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .build()) {
      long seq = 0;
      while (!stopped) {
        inFlight.acquire();
        gate.begin();
        send(producer, seq++);
        Thread.sleep(pace);
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(Producer producer, long seq) {
    TopicPartition tp = topics.pick(random);
    String value = name + "-" + seq;
    long invoked = history.now();
    try {
      // The callback records the outcome; nothing waits on the future it returns.
      var unused =
          producer
              .send(ProducerRecord.ofStrings(tp.topic(), null, value).withPartition(tp.partition()))
              .whenComplete(
                  (md, error) -> {
                    if (error == null) {
                      history.record(
                          name,
                          invoked,
                          Outcome.OK,
                          new Action.Send(
                              name,
                              seq,
                              new TopicPartition(md.topic(), md.partition()),
                              value,
                              md.offset()),
                          null);
                    } else {
                      history.record(
                          name,
                          invoked,
                          Outcomes.of(error),
                          new Action.Send(name, seq, tp, value, -1),
                          Outcomes.describe(error));
                    }
                    inFlight.release();
                    gate.end();
                  });
    } catch (RuntimeException e) {
      history.record(
          name,
          invoked,
          Outcomes.of(e),
          new Action.Send(name, seq, tp, value, -1),
          Outcomes.describe(e));
      inFlight.release();
      gate.end();
    }
  }
}
