package dev.minikafka.bench.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@link EndToEnd} through Kafka's Java client against a real Kafka: a {@link KafkaProducer} with
 * Kafka's defaults plus the given overrides, and a {@link KafkaConsumer} in a group of its own
 * reading from the latest offset.
 */
public final class KafkaEndToEnd {
  private KafkaEndToEnd() {}

  /** Runs {@link EndToEnd#run} on {@code topic} of the Kafka at {@code bootstrapServers}. */
  public static EndToEnd.Figures run(
      String bootstrapServers,
      String topic,
      EndToEnd.Plan plan,
      Map<String, Object> producerOverrides)
      throws InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(producerOverrides);
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + System.nanoTime());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      // Join the group and settle on the latest offset before the clock starts.
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      consumer.seekToEnd(consumer.assignment());
      consumer.assignment().forEach(consumer::position);
      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      return EndToEnd.run(
          value -> {
            Exception failed = sendFailure.get();
            if (failed != null) {
              throw failed;
            }
            // Acknowledgements are not waited for; a failed one fails the run at the next send.
            var unused =
                producer.send(
                    new ProducerRecord<>(topic, value),
                    (metadata, e) -> {
                      if (e != null) {
                        sendFailure.compareAndSet(null, e);
                      }
                    });
          },
          wait -> {
            List<byte[]> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
              values.add(r.value());
            }
            return values;
          },
          plan);
    }
  }
}
