package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.client.internal.ConnectionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The connection settings the SDK's builders share ({@link ConnectionSettings}): defaults, and the
 * refusals each builder gives in its own words. No broker: building connects nothing.
 */
class ClientBuildersTest {
  @Test
  void defaultsAreTenSecondsToConnectAndThirtyPerRequest() {
    assertThat(ConnectionSettings.DEFAULTS)
        .isEqualTo(new ConnectionSettings(null, Duration.ofSeconds(10), Duration.ofSeconds(30)));
  }

  @Test
  void settingsAreReplacedNotShared() {
    ConnectionSettings s =
        ConnectionSettings.DEFAULTS
            .withBootstrap("http://127.0.0.1:1")
            .withConnectTimeout(Duration.ofSeconds(2))
            .withRequestTimeout(Duration.ofSeconds(3), "request timeout");
    assertThat(s)
        .isEqualTo(
            new ConnectionSettings(
                "http://127.0.0.1:1", Duration.ofSeconds(2), Duration.ofSeconds(3)));
    assertThat(ConnectionSettings.DEFAULTS.bootstrap()).isNull();
  }

  @Test
  void adminClassroomAndReaderNameTheRequestTimeoutInWords() {
    assertThatThrownBy(() -> Admin.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request timeout must be positive, was PT0S");
    assertThatThrownBy(() -> ClassroomClient.builder().requestTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request timeout must be positive, was PT-0.001S");
    assertThatThrownBy(() -> PartitionReader.builder().requestTimeout(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request timeout must be positive, was null");
  }

  @Test
  void producerNamesKafkasConfig() {
    assertThatThrownBy(() -> Producer.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request.timeout.ms must be positive, was PT0S");
  }

  @Test
  void everyBuilderRefusesANonPositiveConnectTimeout() {
    String message = "connect timeout must be positive, was PT0S";
    assertThatThrownBy(() -> Admin.builder().connectTimeout(Duration.ZERO)).hasMessage(message);
    assertThatThrownBy(() -> ClassroomClient.builder().connectTimeout(Duration.ZERO))
        .hasMessage(message);
    assertThatThrownBy(() -> PartitionReader.builder().connectTimeout(Duration.ZERO))
        .hasMessage(message);
    assertThatThrownBy(() -> Producer.builder().connectTimeout(Duration.ZERO)).hasMessage(message);
  }

  @Test
  void everyBuilderNeedsABootstrapUrlWhenItBuilds() {
    String message = "bootstrap URL is not set, e.g. http://127.0.0.1:8000";
    assertThatThrownBy(() -> Admin.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> ClassroomClient.builder().build()).hasMessage(message);
    assertThatThrownBy(() -> PartitionReader.builder().build()).hasMessage(message);
    assertThatThrownBy(() -> Producer.builder().build()).hasMessage(message);
  }

  @Test
  void aBuiltClientTalksToTheBootstrapUrlWithoutItsTrailingSlash() {
    try (PartitionReader reader =
        PartitionReader.builder().bootstrap("http://127.0.0.1:1/").build()) {
      assertThat(reader.baseUrl()).isEqualTo("http://127.0.0.1:1");
    }
  }
}
