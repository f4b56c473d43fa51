package dev.minikafka.bench.client;

import dev.minikafka.client.AutoOffsetReset;
import dev.minikafka.client.Consumer;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.Producer;
import dev.minikafka.client.ProducerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link EndToEnd} through minikafka's Java SDK: a {@link Producer} with the given linger and a
 * {@link Consumer} in a group of its own that starts at the end of the topic.
 */
public final class SdkEndToEnd {
  private SdkEndToEnd() {}

  /** Runs {@link EndToEnd#run} on {@code topic} of the broker at {@code url}. */
  public static EndToEnd.Figures run(String url, String topic, EndToEnd.Plan plan, long lingerMs)
      throws InterruptedException {
    try (Producer producer = Producer.builder().bootstrap(url).lingerMs(lingerMs).build();
        Consumer consumer =
            Consumer.builder()
                .bootstrap(url)
                .groupId("e2e-" + System.nanoTime())
                .autoOffsetReset(AutoOffsetReset.LATEST)
                .enableAutoCommit(false)
                .build()) {
      consumer.subscribe(List.of(topic));
      // Join the group and settle on the end of the topic before the clock starts.
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      AtomicReference<Throwable> sendFailure = new AtomicReference<>();
      return EndToEnd.run(
          value -> {
            Throwable failed = sendFailure.get();
            if (failed != null) {
              throw new IllegalStateException("a send failed", failed);
            }
            var unused =
                producer
                    .send(ProducerRecord.ofBytes(topic, null, value))
                    .whenComplete(
                        (md, e) -> {
                          if (e != null) {
                            sendFailure.compareAndSet(null, e);
                          }
                        });
          },
          wait -> {
            List<byte[]> values = new ArrayList<>();
            for (ConsumerRecord r : consumer.poll(wait)) {
              values.add(r.value());
            }
            return values;
          },
          plan);
    }
  }
}
