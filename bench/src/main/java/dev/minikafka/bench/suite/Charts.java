package dev.minikafka.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The report's PNG charts (XChart, headless): throughput and latency percentiles per system, of the
 * first durability profile of the run. A series appears only when it has a figure in every
 * category. Stateless.
 */
final class Charts {
  private Charts() {}

  /**
   * Writes the charts into {@code dir}; returns each file's name with its caption, in order.
   *
   * @param profile the durability profile charted
   */
  static Map<String, String> write(List<Row> rows, String profile, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, String> files = new LinkedHashMap<>();
    List<String> produceScenarios =
        scenarios(rows, "produce", profile, Metric.RECORDS_PER_S, "100 B");
    bar(
        rows,
        files,
        dir,
        "comparison-produce-throughput",
        "Single-message produce, 100 B values (" + profile + " durability)",
        "records/s",
        false,
        point("produce", profile, Metric.RECORDS_PER_S),
        produceScenarios);
    percentiles(
        rows,
        files,
        dir,
        "comparison-produce-latency",
        "produce",
        profile,
        "100 B, 16 clients",
        "Single-message produce latency, 100 B values, 16 clients (" + profile + ")");
    percentiles(
        rows,
        files,
        dir,
        "comparison-e2e-latency",
        "e2e",
        profile,
        "100 B at 1,000/s",
        "End-to-end latency, 100 B values at 1,000 records/s (" + profile + ")");
    bar(
        rows,
        files,
        dir,
        "comparison-batch-throughput",
        "Batched produce (" + profile + " durability)",
        "records/s",
        false,
        point("batch", profile, Metric.RECORDS_PER_S),
        scenarios(rows, "batch", profile, Metric.RECORDS_PER_S, ""));
    bar(
        rows,
        files,
        dir,
        "comparison-consume-throughput",
        "Consuming a backlog (" + profile + " durability)",
        "records/s",
        false,
        point("consume", profile, Metric.RECORDS_PER_S),
        scenarios(rows, "consume", profile, Metric.RECORDS_PER_S, ""));
    return files;
  }

  /** Finds a row's median for (category, series). */
  @FunctionalInterface
  private interface Lookup {
    Optional<Double> value(List<Row> rows, String category, String series);
  }

  private static Lookup point(String workload, String profile, Metric metric) {
    return (rows, category, series) ->
        rows.stream()
            .filter(
                r ->
                    r.key().workload().equals(workload)
                        && r.key().durability().equals(profile)
                        && r.key().metric() == metric
                        && r.key().scenario().equals(category)
                        && r.system().equals(series))
            .map(r -> r.spread().median())
            .findFirst();
  }

  private static List<String> scenarios(
      List<Row> rows, String workload, String profile, Metric metric, String prefix) {
    return rows.stream()
        .filter(
            r ->
                r.key().workload().equals(workload)
                    && r.key().durability().equals(profile)
                    && r.key().metric() == metric
                    && r.key().scenario().startsWith(prefix))
        .map(r -> r.key().scenario())
        .distinct()
        .toList();
  }

  private static void percentiles(
      List<Row> rows,
      Map<String, String> files,
      Path dir,
      String name,
      String workload,
      String profile,
      String scenario,
      String title) {
    List<Metric> metrics = List.of(Metric.P50_MS, Metric.P99_MS, Metric.P999_MS);
    Lookup lookup =
        (rs, category, series) -> {
          Metric m =
              metrics.stream().filter(x -> x.label().equals(category)).findFirst().orElseThrow();
          return point(workload, profile, m).value(rs, scenario, series);
        };
    bar(
        rows,
        files,
        dir,
        name,
        title,
        "milliseconds (log scale)",
        true,
        lookup,
        metrics.stream().map(Metric::label).toList());
  }

  private static void bar(
      List<Row> rows,
      Map<String, String> files,
      Path dir,
      String name,
      String title,
      String yTitle,
      boolean log,
      Lookup lookup,
      List<String> categories) {
    if (categories.isEmpty()) {
      return;
    }
    List<String> systems = rows.stream().map(Row::system).distinct().toList();
    CategoryChart chart =
        new CategoryChartBuilder().width(900).height(480).title(title).yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setYAxisLogarithmic(log);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    double smallest = Double.MAX_VALUE;
    for (String system : systems) {
      List<Double> values = new ArrayList<>();
      for (String c : categories) {
        lookup.value(rows, c, system).filter(v -> !v.isNaN() && v > 0).ifPresent(values::add);
      }
      if (values.size() == categories.size()) {
        chart.addSeries(system, categories, values);
        smallest = Math.min(smallest, values.stream().mapToDouble(d -> d).min().orElseThrow());
      }
    }
    if (smallest == Double.MAX_VALUE) {
      return;
    }
    if (log) {
      // Bars start at the axis minimum, which XChart puts at 0 unless told: a power of ten below
      // the smallest figure.
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
    }
    try {
      BitmapEncoder.saveBitmap(chart, dir.resolve(name + ".png").toString(), BitmapFormat.PNG);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    files.put(name + ".png", title);
  }
}
