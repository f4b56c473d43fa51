package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static List<Sample> samples() {
    List<Sample> s = new ArrayList<>();
    String[] systems = {"minikafka", "kafka", "classroom-python"};
    for (int i = 0; i < systems.length; i++) {
      for (int clients : List.of(1, 16, 64)) {
        String scenario = "100 B, " + clients + (clients == 1 ? " client" : " clients");
        s.add(
            new Sample(
                "produce",
                "strict",
                scenario,
                Metric.RECORDS_PER_S,
                systems[i],
                1,
                1000.0 * (i + 1) * clients));
        s.add(new Sample("produce", "strict", scenario, Metric.P50_MS, systems[i], 1, 1 + i));
        s.add(new Sample("produce", "strict", scenario, Metric.P99_MS, systems[i], 1, 5 + i));
        s.add(new Sample("produce", "strict", scenario, Metric.P999_MS, systems[i], 1, 9 + i));
      }
    }
    // Batches: the classroom broker has none, so it gets no series.
    s.add(new Sample("batch", "strict", "100 B", Metric.RECORDS_PER_S, "minikafka", 1, 50_000));
    s.add(new Sample("batch", "strict", "100 B", Metric.RECORDS_PER_S, "kafka", 1, 90_000));
    return s;
  }

  @Test
  void writesAPngPerChartWithData(@TempDir Path dir) throws Exception {
    Map<String, String> files = Charts.write(Row.of(samples()), "strict", dir);
    assertThat(files.keySet())
        .containsExactly(
            "comparison-produce-throughput.png",
            "comparison-produce-latency.png",
            "comparison-batch-throughput.png");
    for (String f : files.keySet()) {
      BufferedImage image = ImageIO.read(dir.resolve(f).toFile());
      assertThat(image).as(f).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
    }
    // No end-to-end or consume figures: no chart, no file.
    assertThat(Files.exists(dir.resolve("comparison-e2e-latency.png"))).isFalse();
  }
}
