package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Exit codes of the command line, in this JVM (the end-to-end tests run the launchers). */
class MainTest {
  @Test
  void helpAndVersionSucceed() {
    assertThat(Main.run("--help")).isZero();
    assertThat(Main.run("--version")).isZero();
    assertThat(Main.run("produce", "--help")).isZero();
    assertThat(Main.run("topics", "describe", "--help")).isZero();
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(Main.run()).isEqualTo(2);
    assertThat(Main.run("nonsense")).isEqualTo(2);
    assertThat(Main.run("producer")).isEqualTo(2);
    assertThat(Main.run("producer", "--topic", "t", "--count", "-1")).isEqualTo(2);
    assertThat(Main.run("consumer", "--topic", "t", "--poll-interval", "0")).isEqualTo(2);
    assertThat(Main.run("consume", "--topic", "t", "--max-messages", "0")).isEqualTo(2);
    assertThat(Main.run("stats", "--broker", "ftp://host")).isEqualTo(2);
    assertThat(Main.run("topics")).isEqualTo(2);
    assertThat(Main.run("serve", "--flush", "sometimes")).isEqualTo(2);
    assertThat(Main.run("serve", "--port", "70000")).isEqualTo(2);
    assertThat(Main.run("produce", "--topic", "t", "--file", "f", "value")).isEqualTo(2);
    assertThat(Main.run("produce", "--topic", "t", "--file", "/no/such/file")).isEqualTo(2);
  }

  @Test
  void unreachableBrokerExitsWith1() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(Main.run("stats", "--broker", "http://127.0.0.1:" + port)).isEqualTo(1);
  }
}
