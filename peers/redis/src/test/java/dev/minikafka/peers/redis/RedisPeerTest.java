package dev.minikafka.peers.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minikafka.peers.common.ServerProcess;
import dev.minikafka.peers.redis.RedisPeer.AppendFsync;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real redis-server: lifecycle, the persistence settings it reports, and a value that
 * survives SIGKILL. Skipped only when redis-server is not installed (CI installs it).
 */
class RedisPeerTest {

  @TempDir Path dir;

  @BeforeAll
  static void requireRedis() {
    assumeTrue(
        RedisPeer.isInstalled(),
        "redis-server is not installed (apt-get install -y redis-server): skipping");
  }

  @Test
  void startsWithTheStatedPersistenceAndSurvivesKill() throws Exception {
    RedisPeer redis = RedisPeer.start(dir, AppendFsync.ALWAYS);
    long lastPid;
    try {
      assertThat(redis.version()).startsWith("7.");
      assertThat(redis.durability()).isEqualTo("AOF, appendfsync always; RDB snapshots off");
      assertThat(ProcessHandle.of(redis.pid()).map(ProcessHandle::isAlive)).contains(true);
      // What the server itself says it runs with, not only what we wrote.
      assertThat(command(redis, "CONFIG", "GET", "appendfsync")).contains("always");
      assertThat(command(redis, "CONFIG", "GET", "appendonly")).contains("yes");
      assertThat(command(redis, "CONFIG", "GET", "save"))
          .isEqualTo("*2 $4 save $0"); // save "": no RDB snapshots
      assertThat(command(redis, "SET", "k", "v1")).isEqualTo("+OK");

      long firstPid = redis.pid();
      int port = redis.port();
      redis.kill();
      assertThat(redis.isAlive()).isFalse();
      assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();

      redis.restart();
      assertThat(redis.pid()).isNotEqualTo(firstPid);
      assertThat(redis.port()).isEqualTo(port);
      assertThat(command(redis, "GET", "k")).isEqualTo("$2 v1");
      assertThat(dir.resolve("appendonlydir")).isDirectoryContaining("glob:**/*.incr.aof");

      lastPid = redis.pid();
    } finally {
      redis.close();
    }
    assertThat(ProcessHandle.of(lastPid).filter(ProcessHandle::isAlive)).isEmpty();
    redis.close(); // idempotent
  }

  @Test
  void everysecIsStatedToo() throws Exception {
    try (RedisPeer redis = RedisPeer.start(dir, AppendFsync.EVERYSEC)) {
      assertThat(redis.durability()).startsWith("AOF, appendfsync everysec");
      assertThat(command(redis, "CONFIG", "GET", "appendfsync")).contains("everysec");
    }
  }

  /** Sends one command in RESP and returns the reply's lines joined by spaces. */
  private static String command(RedisPeer redis, String... args) throws IOException {
    StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
    for (String arg : args) {
      request.append('$').append(arg.getBytes(UTF_8).length).append("\r\n").append(arg);
      request.append("\r\n");
    }
    try (Socket socket = new Socket(redis.host(), redis.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return reply(in).strip();
    }
  }

  private static String reply(InputStream in) throws IOException {
    String line = ServerProcess.readLine(in);
    return switch (line.charAt(0)) {
      case '$' -> line + (line.equals("$-1") ? "" : " " + ServerProcess.readLine(in));
      case '*' -> {
        StringBuilder all = new StringBuilder(line);
        for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
          all.append(' ').append(reply(in));
        }
        yield all.toString();
      }
      default -> line;
    };
  }
}
