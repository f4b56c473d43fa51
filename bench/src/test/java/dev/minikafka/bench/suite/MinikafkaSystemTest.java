package dev.minikafka.bench.suite;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives minikafka through the harness's system interface against the real broker, started by
 * {@code bin/broker} from the jar the build made (minikafka-cli packages it before this module's
 * tests run).
 */
class MinikafkaSystemTest {
  private static final Path ROOT =
      Path.of(System.getProperty("minikafka.root", "..")).toAbsolutePath();

  @Test
  void everyClientOfTheInterfaceWorksAndDataSurvivesSigkill(@TempDir Path dir) throws Exception {
    try (BenchSystem mk = new MinikafkaSystem(ROOT, Durability.STRICT)) {
      SystemContract.check(mk, dir);
    }
  }
}
