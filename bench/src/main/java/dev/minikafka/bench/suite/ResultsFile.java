package dev.minikafka.bench.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The raw results of a run as JSON, for later analysis: every sample and the summary rows. */
final class ResultsFile {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * What the file holds.
   *
   * @param started when the run started (ISO-8601, UTC)
   * @param seconds how long it took
   * @param settings the plan's settings
   * @param machine the machine's description
   * @param systems each system in each profile
   * @param notes what the tables cannot say (n/a cells, reduced sizes)
   * @param summary one row per point, metric and system, with median, range and ratio
   * @param samples every figure of every repetition
   */
  record Contents(
      String started,
      double seconds,
      Map<String, Object> settings,
      Map<String, String> machine,
      List<SystemInfo> systems,
      List<String> notes,
      List<Row> summary,
      List<Sample> samples) {}

  private ResultsFile() {}

  static void write(Path file, Contents contents) throws IOException {
    JSON.writeValue(file.toFile(), contents);
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IOException if the file cannot be read or is not such a document
   */
  static Contents read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Contents.class);
  }
}
