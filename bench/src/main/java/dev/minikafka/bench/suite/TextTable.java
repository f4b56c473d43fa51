package dev.minikafka.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of strings rendered for a terminal (columns padded, numbers right-aligned) or as a
 * Markdown table. Not thread-safe.
 */
final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Columns named {@code headers}; a header ending in {@code ">"} is right-aligned. */
  TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].endsWith(">");
      this.headers.add(
          rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
    }
  }

  void add(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
    }
    rows.add(List.of(cells));
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Padded columns separated by two spaces, a rule under the headers. */
  String plain() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, headers, width);
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    line(b, rule, width);
    for (List<String> r : rows) {
      line(b, r, width);
    }
    return b.toString();
  }

  private void line(StringBuilder b, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      l.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + c : c + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  /** A Markdown table; {@code |} in cells is escaped. */
  String markdown() {
    StringBuilder b = new StringBuilder("|");
    for (String h : headers) {
      b.append(' ').append(escape(h)).append(" |");
    }
    b.append("\n|");
    for (boolean right : rightAligned) {
      b.append(right ? "--:|" : "---|");
    }
    b.append('\n');
    for (List<String> r : rows) {
      b.append('|');
      for (String c : r) {
        b.append(' ').append(escape(c)).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("|", "\\|");
  }
}
