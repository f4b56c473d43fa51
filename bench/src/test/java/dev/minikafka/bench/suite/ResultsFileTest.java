package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

  @Test
  void holdsSettingsSystemsSummaryAndEverySample(@TempDir Path dir) throws Exception {
    List<Sample> samples =
        List.of(
            new Sample("e2e", "strict", "100 B at 1,000/s", Metric.P99_MS, "minikafka", 1, 2.5),
            new Sample("e2e", "strict", "100 B at 1,000/s", Metric.P99_MS, "kafka", 1, 5.0),
            new Sample("e2e", "strict", "100 B at 1,000/s", Metric.P99_MS, "kafka", 2, Double.NaN));
    Path file = dir.resolve("r.json");
    ResultsFile.write(
        file,
        new ResultsFile.Contents(
            "2026-11-24T17:00:00Z",
            12.5,
            Plan.quick(1, List.of(Durability.STRICT)).describe(),
            Map.of("cpu", "2 cores"),
            List.of(new SystemInfo("kafka", "strict", "4.1.1", "defaults", 9.5)),
            List.of("a note"),
            Row.of(samples.subList(0, 2)),
            samples));

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("started").asText()).isEqualTo("2026-11-24T17:00:00Z");
    assertThat(json.get("settings").get("mode").asText()).isEqualTo("quick");
    assertThat(json.get("systems").get(0).get("durabilitySetting").asText()).isEqualTo("defaults");
    assertThat(json.get("samples")).hasSize(3);
    JsonNode first = json.get("samples").get(0);
    assertThat(first.get("metric").asText()).isEqualTo("P99_MS");
    assertThat(first.get("value").asDouble()).isEqualTo(2.5);
    // A figure that does not exist is written as "NaN", which stays valid JSON.
    assertThat(json.get("samples").get(2).get("value").asText()).isEqualTo("NaN");
    JsonNode kafkaRow = json.get("summary").get(1);
    assertThat(kafkaRow.get("system").asText()).isEqualTo("kafka");
    assertThat(kafkaRow.get("spread").get("median").asDouble()).isEqualTo(5.0);
    assertThat(kafkaRow.get("minikafkaRatio").asDouble()).isEqualTo(0.5);
    assertThat(kafkaRow.get("key").get("scenario").asText()).isEqualTo("100 B at 1,000/s");

    ResultsFile.Contents read = ResultsFile.read(file);
    assertThat(read.samples()).hasSize(3);
    assertThat(read.samples().subList(0, 2)).isEqualTo(samples.subList(0, 2));
    assertThat(read.samples().get(2).value()).isNaN();
    assertThat(read.systems().getFirst().version()).isEqualTo("4.1.1");
    assertThat(read.settings().get("mode")).isEqualTo("quick");
    assertThat(read.machine()).containsEntry("cpu", "2 cores");
  }
}
