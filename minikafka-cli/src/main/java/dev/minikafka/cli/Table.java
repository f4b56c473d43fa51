package dev.minikafka.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns left-aligned and separated by two spaces,
 * no trailing blanks; a value that is not there (null) shows as {@value #NONE}. The one way the
 * commands print aligned columns. Not thread-safe.
 */
final class Table {
  /** How a value that is not there shows, in a table and in the lines above one. */
  static final String NONE = "-";

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  /** {@code value} as a cell: its string, or {@value #NONE} for null. */
  static String cell(Object value) {
    return value == null ? NONE : String.valueOf(value);
  }

  /** Adds a row; {@code cells} has one value per column, null where there is none. */
  Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(cell(c));
    }
    rows.add(row);
    return this;
  }

  /** Prints the header and the rows. */
  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : allRows()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        b.append(cell);
        if (i < widths.length - 1) {
          b.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>(rows.size() + 1);
    all.add(header);
    all.addAll(rows);
    return all;
  }
}
