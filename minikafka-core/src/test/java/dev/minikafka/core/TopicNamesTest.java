package dev.minikafka.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.core.errors.InvalidTopicException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"demo", "a", "A.b_c-d", "..a", "___", "0"})
  void acceptsLegalNames(String name) {
    assertThat(TopicNames.validate(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../etc",
        "a/b",
        "a\\b",
        "a b",
        "a\u0000b",
        "a\nb",
        "tópico",
        "%2e"
      })
  void rejectsIllegalNames(String name) {
    assertThatThrownBy(() -> TopicNames.validate(name)).isInstanceOf(InvalidTopicException.class);
  }

  @Test
  void lengthLimitIs249() {
    assertThat(TopicNames.isValid("x".repeat(249))).isTrue();
    assertThatThrownBy(() -> TopicNames.validate("x".repeat(250)))
        .isInstanceOf(InvalidTopicException.class)
        .hasMessageContaining("250");
  }

  @Test
  void nullIsRejected() {
    assertThat(TopicNames.isValid(null)).isFalse();
  }

  @Property
  void aValidNameNeverContainsAPathSeparatorOrParentReference(@ForAll String name) {
    if (TopicNames.isValid(name)) {
      assertThat(name).doesNotContain("/", "\\", "\0").isNotIn(".", "..");
      assertThat(name.length()).isBetween(1, 249);
    }
  }
}
