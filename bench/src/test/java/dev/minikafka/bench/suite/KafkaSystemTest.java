package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka through the harness's system interface: a real single-node Kafka 4.1 (KafkaPeer). */
class KafkaSystemTest {

  @Test
  void everyClientOfTheInterfaceWorksAndDataSurvivesSigkill(@TempDir Path dir) throws Exception {
    try (KafkaSystem kafka = new KafkaSystem(Durability.STRICT)) {
      SystemContract.check(kafka, dir);
      assertThat(kafka.version()).startsWith("Apache Kafka 4.1");
      assertThat(kafka.durability()).startsWith("log.flush.interval.messages=1");
    }
  }
}
