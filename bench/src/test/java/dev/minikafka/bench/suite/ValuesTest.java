package dev.minikafka.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void carriesItsSequenceNumberAtTheGivenSize() {
    byte[] v = Values.of(12345, 100);
    assertThat(v).hasSize(100);
    assertThat(new String(v, StandardCharsets.US_ASCII)).startsWith("12345-xxx");
    assertThat(Values.sequence(v)).isEqualTo(12345);
    assertThat(Values.sequence(Values.of(0, 1024))).isZero();
  }

  @Test
  void growsWhenTheNumberDoesNotFit() {
    assertThat(Values.of(1_000_000, 4)).hasSize(8);
    assertThat(Values.sequence(Values.of(1_000_000, 4))).isEqualTo(1_000_000);
  }

  @Test
  void otherValuesHaveNoSequence() {
    assertThat(Values.sequence("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    assertThat(Values.sequence("123".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    assertThat(Values.sequence(new byte[0])).isEqualTo(-1);
  }
}
