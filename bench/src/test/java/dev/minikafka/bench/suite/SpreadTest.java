package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void oddCountTakesTheMiddleValue() {
    Spread s = Spread.of(List.of(5.0, 1.0, 3.0));
    assertThat(s).isEqualTo(new Spread(3.0, 1.0, 5.0, 3));
  }

  @Test
  void evenCountAveragesTheTwoMiddleValues() {
    Spread s = Spread.of(List.of(4.0, 1.0, 10.0, 2.0));
    assertThat(s.median()).isEqualTo(3.0);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(10.0);
  }

  @Test
  void oneValueIsItsOwnRange() {
    assertThat(Spread.of(List.of(7.0))).isEqualTo(new Spread(7.0, 7.0, 7.0, 1));
  }

  @Test
  void noValuesIsAnError() {
    assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratioIsMedianOverMedianAndNaNWhenUndefined() {
    Spread a = Spread.of(List.of(30.0));
    assertThat(a.ratioTo(Spread.of(List.of(10.0, 20.0)))).isEqualTo(2.0);
    assertThat(a.ratioTo(Spread.of(List.of(0.0)))).isNaN();
    assertThat(a.ratioTo(Spread.of(List.of(Double.NaN)))).isNaN();
  }
}
