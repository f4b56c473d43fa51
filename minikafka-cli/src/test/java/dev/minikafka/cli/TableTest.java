package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsByTheWidestCellWithTwoSpacesAndNoTrailingBlanks() {
    Table table =
        new Table("GROUP", "STATE", "MEMBERS").row("billing", "Stable", 2).row("a", null, 0);
    assertThat(print(table))
        .isEqualTo(
            """
            GROUP    STATE   MEMBERS
            billing  Stable  2
            a        -       0
            """);
  }

  @Test
  void aMissingLastCellLeavesNoTrailingBlank() {
    assertThat(print(new Table("TOPIC", "OWNER").row("orders", null).row("x", "")))
        .isEqualTo("TOPIC   OWNER\norders  -\nx\n");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("A", "B").row(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells in a table of 2 columns");
  }

  private static String print(Table table) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      table.print(out);
    }
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
