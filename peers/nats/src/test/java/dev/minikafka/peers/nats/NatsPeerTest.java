package dev.minikafka.peers.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minikafka.peers.nats.NatsPeer.SyncInterval;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real nats-server: lifecycle and the sync setting it reports. Skipped only when
 * nats-server is not installed (CI installs it). Data surviving SIGKILL is tested with the client
 * in bench/ ({@code JetStreamDriverTest}).
 */
class NatsPeerTest {

  @TempDir Path dir;

  @BeforeAll
  static void requireNats() {
    assumeTrue(
        NatsPeer.isInstalled(),
        "nats-server is not installed (apt-get install -y nats-server): skipping");
  }

  @Test
  void startsKillsAndRestartsOnTheSameFiles() throws Exception {
    NatsPeer nats = NatsPeer.start(dir, SyncInterval.DEFAULT_2M);
    long lastPid;
    try {
      assertThat(nats.version()).matches("2\\.\\d+\\.\\d+");
      assertThat(nats.durability())
          .isEqualTo("JetStream file storage, sync_interval default (fsync every 2 min)");
      assertThat(nats.url()).isEqualTo("nats://127.0.0.1:" + nats.port());
      assertThat(ProcessHandle.of(nats.pid()).map(ProcessHandle::isAlive)).contains(true);
      assertThat(dir.resolve("jetstream")).isDirectory();

      long firstPid = nats.pid();
      int port = nats.port();
      nats.kill();
      assertThat(nats.isAlive()).isFalse();
      assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();

      nats.restart();
      assertThat(nats.pid()).isNotEqualTo(firstPid);
      assertThat(nats.port()).isEqualTo(port);
      assertThat(nats.isAlive()).isTrue();
      lastPid = nats.pid();
    } finally {
      nats.close();
    }
    assertThat(ProcessHandle.of(lastPid).filter(ProcessHandle::isAlive)).isEmpty();
    nats.close(); // idempotent
  }

  @Test
  void syncAlwaysRunsWhereTheServerHasItAndIsRefusedClearlyWhereNot() throws Exception {
    if (NatsPeer.supports(SyncInterval.ALWAYS)) {
      assertThat(NatsPeer.strictestSupported()).isEqualTo(SyncInterval.ALWAYS);
      try (NatsPeer nats = NatsPeer.start(dir, SyncInterval.ALWAYS)) {
        assertThat(nats.durability()).isEqualTo("JetStream file storage, sync_interval always");
      }
    } else {
      assertThat(NatsPeer.strictestSupported()).isEqualTo(SyncInterval.DEFAULT_2M);
      assertThatIllegalStateException()
          .isThrownBy(() -> NatsPeer.start(dir, SyncInterval.ALWAYS))
          .withMessageContaining("does not know the sync_interval setting");
    }
  }

  @Test
  void debiansBookwormServerHasNoSyncInterval() throws Exception {
    try (NatsPeer nats = NatsPeer.start(dir, SyncInterval.DEFAULT_2M)) {
      assumeTrue(nats.version().startsWith("2.9."), "not a 2.9.x server: " + nats.version());
      assertThat(NatsPeer.supports(SyncInterval.ALWAYS)).isFalse();
    }
  }
}
