package dev.minikafka.bench.suite;

import java.util.Arrays;
import java.util.Collection;

/**
 * The median of a figure's repetitions and their range.
 *
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param min the smallest
 * @param max the largest
 * @param count how many repetitions
 */
public record Spread(double median, double min, double max, int count) {

  /** The spread of {@code values}; they must not be empty. */
  public static Spread of(Collection<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Spread(median, v[0], v[n - 1], n);
  }

  /**
   * {@code this} median divided by {@code other}'s, or NaN when {@code other}'s is zero or either
   * is not a number.
   */
  public double ratioTo(Spread other) {
    if (other.median == 0 || Double.isNaN(other.median) || Double.isNaN(median)) {
      return Double.NaN;
    }
    return median / other.median;
  }
}
