package dev.minikafka.bench.suite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minikafka.peers.nats.NatsPeer;
import dev.minikafka.peers.redis.RedisPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis, NATS and classroom-broker adapters through the harness's system interface against the
 * real servers (Redis and NATS skipped, saying why, where Debian's servers are not installed; CI
 * installs them; the classroom broker fails without FastAPI, as the benchmark does).
 */
class PeerSystemsTest {

  @Test
  void redisUnderAppendfsyncAlways(@TempDir Path dir) throws Exception {
    assumeTrue(RedisPeer.isInstalled(), "redis-server is not installed");
    try (BenchSystem redis = new RedisSystem(Durability.STRICT)) {
      SystemContract.check(redis, dir);
    }
  }

  @Test
  void theClassroomBroker(@TempDir Path dir) throws Exception {
    assumeTrue(hasFastApi(), "no /usr/bin/python3 with FastAPI and uvicorn (python3-fastapi)");
    Path root = Path.of(System.getProperty("minikafka.root", "..")).toAbsolutePath();
    try (BenchSystem classroom = new ClassroomPythonSystem(root, 10_000)) {
      SystemContract.check(classroom, dir);
    }
  }

  private static boolean hasFastApi() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return false;
    }
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-c", "import fastapi, uvicorn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor() == 0;
  }

  @Test
  void natsWithItsStrictestSync(@TempDir Path dir) throws Exception {
    assumeTrue(NatsPeer.isInstalled(), "nats-server is not installed");
    try (BenchSystem nats = new NatsSystem(Durability.STRICT)) {
      SystemContract.check(nats, dir);
    }
  }
}
