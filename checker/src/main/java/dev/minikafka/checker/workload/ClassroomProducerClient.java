package dev.minikafka.checker.workload;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The classroom route {@code POST /produce}, raw: one value per request, one request at a time,
 * never retried. A 200 acknowledges it at its offset, another status refuses it, no answer leaves
 * it unknown.
 */
public final class ClassroomProducerClient implements WorkloadClient {
  private final String name;
  private final RawHttp http;
  private final String topic;
  private final History history;
  private final Gate gate;
  private final Duration pace;
  private volatile boolean stopped;

  /**
   * @param pace the pause between two requests
   */
  public ClassroomProducerClient(
      String name, String url, String topic, History history, Gate gate, Duration pace) {
    this.name = name;
    this.http = new RawHttp(url);
    this.topic = topic;
    this.history = history;
    this.gate = gate;
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
    TopicPartition tp = new TopicPartition(topic, 0);
    long seq = 0;
    try {
      while (!stopped) {
        gate.begin();
        try {
          String value = name + "-" + seq;
          Action.Send send = new Action.Send(name, seq++, tp, value, -1);
          long invoked = history.now();
          try {
            RawHttp.Answer a = http.post("/produce", Map.of("topic", topic, "value", value));
            if (a.status() == 200 && a.body() != null && a.body().has("offset")) {
              long offset = a.body().get("offset").asLong();
              history.record(
                  name,
                  invoked,
                  Outcome.OK,
                  new Action.Send(name, send.seq(), tp, value, offset),
                  null);
            } else {
              history.record(name, invoked, Outcome.FAILED, send, a.status() + " " + a.text());
            }
          } catch (IOException e) {
            history.record(name, invoked, Outcomes.ofRequest(e), send, Outcomes.describe(e));
          }
        } finally {
          gate.end();
        }
        Thread.sleep(pace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
