package dev.minikafka.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the comparison: a system's figure for one workload point, over its repetitions, and
 * minikafka's figure over it.
 *
 * @param key the workload point and metric
 * @param system the system or tool
 * @param spread median and range over the repetitions
 * @param minikafkaRatio minikafka's median over this row's median in the same point; NaN for
 *     minikafka's own row and where minikafka has no figure
 */
public record Row(Sample.Key key, String system, Spread spread, double minikafkaRatio) {

  /**
   * The rows of {@code samples}: one per point, metric and system, in the order they first appear,
   * each point's rows together.
   */
  public static List<Row> of(List<Sample> samples) {
    Map<Sample.Key, Map<String, List<Double>>> byKey = new LinkedHashMap<>();
    for (Sample s : samples) {
      byKey
          .computeIfAbsent(s.key(), k -> new LinkedHashMap<>())
          .computeIfAbsent(s.system(), k -> new ArrayList<>())
          .add(s.value());
    }
    List<Row> rows = new ArrayList<>();
    for (var point : byKey.entrySet()) {
      List<Double> mk = point.getValue().get(Systems.MINIKAFKA);
      Spread mkSpread = mk == null ? null : Spread.of(mk);
      List<Map.Entry<String, List<Double>>> systems = new ArrayList<>(point.getValue().entrySet());
      // minikafka first, then the peers in the order they were measured first.
      systems.sort((a, b) -> Boolean.compare(!isMinikafka(a.getKey()), !isMinikafka(b.getKey())));
      for (var e : systems) {
        Spread spread = Spread.of(e.getValue());
        double ratio =
            mkSpread == null || isMinikafka(e.getKey()) ? Double.NaN : mkSpread.ratioTo(spread);
        rows.add(new Row(point.getKey(), e.getKey(), spread, ratio));
      }
    }
    return rows;
  }

  private static boolean isMinikafka(String system) {
    return system.equals(Systems.MINIKAFKA);
  }
}
