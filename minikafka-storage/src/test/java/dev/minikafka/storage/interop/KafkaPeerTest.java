package dev.minikafka.storage.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.peers.kafka.KafkaPeer;
import dev.minikafka.peers.kafka.KafkaPeer.RunningKafka;
import dev.minikafka.peers.kafka.KafkaPeer.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves {@link KafkaPeer}: a real Kafka writes a segment that its DumpLogSegments then reads. */
class KafkaPeerTest {

  private static final String TOPIC = "interop";
  private static final int RECORDS = 50;

  @Test
  void realKafkaWritesASegmentThatDumpLogSegmentsReads(@TempDir Path workDir) throws Exception {
    Path logDir;
    try (RunningKafka kafka = KafkaPeer.start(workDir)) {
      logDir = kafka.logDir();
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }

      Map<String, Object> config =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              kafka.bootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all",
              ProducerConfig.LINGER_MS_CONFIG,
              5,
              ProducerConfig.COMPRESSION_TYPE_CONFIG,
              "lz4");
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < RECORDS; i++) {
          ProducerRecord<String, String> record =
              new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i);
          record.headers().add("trace", ("t" + i).getBytes(UTF_8));
          sends.add(producer.send(record));
        }
        producer.flush();
        for (int i = 0; i < RECORDS; i++) {
          assertThat(sends.get(i).get(30, TimeUnit.SECONDS).offset()).isEqualTo(i);
        }
      }
    }

    assertThat(logDir.resolve(".kafka_cleanshutdown")).as("Kafka stopped cleanly").exists();
    Path segment = logDir.resolve(TOPIC + "-0").resolve("00000000000000000000.log");
    assertThat(segment).isRegularFile();

    ToolResult dump = KafkaPeer.dumpLogSegments(segment);
    assertThat(dump.exitCode()).as("exit code; stderr: %s", dump.stderr()).isZero();
    for (int i = 0; i < RECORDS; i++) {
      assertThat(dump.stdout()).contains("| offset: " + i + " ");
    }
    assertThat(dump.stdout())
        .contains("compresscodec: lz4", "isvalid: true", "headerKeys: [trace]")
        .contains("key: key-0 payload: value-0", "key: key-49 payload: value-49")
        .doesNotContain("| offset: " + RECORDS + " ");
  }
}
