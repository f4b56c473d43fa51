package dev.minikafka.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks through JMH's API and keeps what the report needs. */
final class JmhSuite {
  /**
   * One benchmark at one set of parameters; rates per second, errors as JMH's 99.9% half-width,
   * spreads as half the range of the measurement iterations.
   */
  record Row(
      String benchmark,
      Map<String, String> params,
      double ops,
      double opsError,
      double records,
      double recordsError,
      double recordsSpread,
      double bytes,
      double bytesError,
      double bytesSpread) {
    String param(String name) {
      return params.get(name);
    }

    boolean is(String bench, String... kv) {
      if (!benchmark.equals(bench)) {
        return false;
      }
      for (int i = 0; i + 1 < kv.length; i += 2) {
        if (!kv[i + 1].equals(params.get(kv[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  /** How the suite was run. */
  record Settings(
      String include,
      int warmupIterations,
      int warmupSeconds,
      int measurementIterations,
      int measurementSeconds,
      int forks,
      List<String> jvmArgs,
      Map<String, List<String>> params) {}

  private JmhSuite() {}

  /** Half the distance between the slowest and the fastest measurement iteration. */
  private static double spread(Result<?> r) {
    if (r == null || r.getStatistics().getN() < 2) {
      return Double.NaN;
    }
    return (r.getStatistics().getMax() - r.getStatistics().getMin()) / 2;
  }

  static List<Row> run(Settings s, Path resultJson, Path log) throws RunnerException {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include(s.include())
            .warmupIterations(s.warmupIterations())
            .warmupTime(TimeValue.seconds(s.warmupSeconds()))
            .measurementIterations(s.measurementIterations())
            .measurementTime(TimeValue.seconds(s.measurementSeconds()))
            .forks(s.forks())
            .jvmArgsAppend(s.jvmArgs().toArray(new String[0]))
            .resultFormat(ResultFormatType.JSON)
            .result(resultJson.toString())
            .output(log.toString());
    for (Map.Entry<String, List<String>> p : s.params().entrySet()) {
      b.param(p.getKey(), p.getValue().toArray(new String[0]));
    }
    Collection<RunResult> results = new Runner(b.build()).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String name = params.getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Map<String, String> ps = new LinkedHashMap<>();
      for (String key : params.getParamsKeys()) {
        ps.put(key, params.getParam(key));
      }
      Result<?> primary = r.getPrimaryResult();
      Map<String, ?> secondary = r.getSecondaryResults();
      Result<?> records = (Result<?>) secondary.get("records");
      Result<?> bytes = (Result<?>) secondary.get("bytes");
      rows.add(
          new Row(
              shortName,
              ps,
              primary.getScore(),
              primary.getScoreError(),
              records == null ? Double.NaN : records.getScore(),
              records == null ? Double.NaN : records.getScoreError(),
              spread(records),
              bytes == null ? Double.NaN : bytes.getScore(),
              bytes == null ? Double.NaN : bytes.getScoreError(),
              spread(bytes)));
    }
    return rows;
  }
}
