package dev.minikafka.bench.suite;

import java.util.Locale;

/** Number formats of the report: three significant digits, thousands separated. Stateless. */
final class Fmt {
  private Fmt() {}

  /** {@code v} with about three significant digits; {@code n/a} for NaN. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    } else if (a == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** {@code min–max}, or empty for a single repetition. */
  static String range(Spread s) {
    return s.count() < 2 ? "" : number(s.min()) + "–" + number(s.max());
  }

  /** {@code 1.23×}, or empty for NaN. */
  static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r)
        ? ""
        : String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.2f×", r);
  }
}
