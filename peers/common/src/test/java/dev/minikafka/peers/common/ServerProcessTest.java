package dev.minikafka.peers.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process lifecycle, with {@code sh} standing in for a server: its readiness is a file it
 * writes, so the probe has something real to wait for.
 */
class ServerProcessTest {

  private static final Duration START = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** How many times the fake server must have written its pid before the probe says ready. */
  private long expectedStarts = 1;

  /**
   * A "server" that logs a line, appends its pid to {@code ready} after a moment, then waits: it is
   * ready once {@code ready} has one line per start.
   */
  private static List<String> server() {
    return List.of("/bin/sh", "-c", "echo starting; sleep 0.2; echo $$ >> ready; exec sleep 600");
  }

  private List<String> readyLines() throws IOException {
    Path ready = dir.resolve("ready");
    return Files.exists(ready) ? Files.readAllLines(ready, UTF_8) : List.of();
  }

  private String probe() throws IOException {
    return readyLines().size() >= expectedStarts ? null : "not ready";
  }

  @Test
  void startsOnceTheProbeSaysSoThenKillsRestartsAndCloses() throws Exception {
    ServerProcess server =
        ServerProcess.start("fake", server(), dir, dir.resolve("fake.log"), this::probe, START);
    long first;
    long second;
    try {
      first = server.pid();
      // start() returned only after the server had written its pid.
      assertThat(readyLines()).containsExactly(Long.toString(first));
      assertThat(server.isAlive()).isTrue();

      server.kill();
      assertThat(server.isAlive()).isFalse();
      assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).isEmpty();

      expectedStarts = 2;
      server.restart();
      second = server.pid();
      assertThat(second).isNotEqualTo(first);
      assertThat(readyLines()).containsExactly(Long.toString(first), Long.toString(second));
    } finally {
      server.close();
    }
    assertThat(ProcessHandle.of(second).filter(ProcessHandle::isAlive)).isEmpty();
    server.close(); // idempotent
    // Both runs' output, appended.
    assertThat(Files.readAllLines(dir.resolve("fake.log"), UTF_8))
        .containsExactly("starting", "starting");
  }

  @Test
  void aServerThatExitsWhileStartingIsReportedWithItsLog() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                ServerProcess.start(
                    "broken",
                    List.of("/bin/sh", "-c", "echo bad config line 3; exit 3"),
                    dir,
                    dir.resolve("broken.log"),
                    () -> "never ready",
                    START))
        .withMessageContaining("broken exited with code 3 while starting")
        .withMessageContaining("bad config line 3");
  }

  @Test
  void aServerThatNeverServesIsStoppedAfterTheTimeout() throws Exception {
    Path pidFile = dir.resolve("pid");
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                ServerProcess.start(
                    "silent",
                    List.of("/bin/sh", "-c", "echo $$ > pid; exec sleep 600"),
                    dir,
                    dir.resolve("silent.log"),
                    () -> "still silent",
                    Duration.ofMillis(300)))
        .withMessageContaining("silent did not serve within 300 ms (last probe: still silent)");
    long pid = Long.parseLong(Files.readString(pidFile, UTF_8).strip());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void namesWhatToInstallWhenAServerIsMissing() {
    assertThat(ServerProcess.findExecutable("no-such-server-x")).isEmpty();
    assertThat(ServerProcess.findExecutable("sh")).isPresent();
    assertThatIllegalStateException()
        .isThrownBy(() -> ServerProcess.requireExecutable("no-such-server-x", "no-such-package"))
        .withMessageContaining("no-such-server-x was not found")
        .withMessageContaining("apt-get install -y no-such-package");
  }
}
