package dev.minikafka.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableMapTest {
  private static final TopicPartition TP = new TopicPartition("__state", 0);

  @TempDir Path dir;

  private PartitionLog open() {
    return PartitionLog.open(
        dir,
        TP,
        LogConfig.defaults(),
        LogOptions.defaults().withFlushPolicy(FlushPolicy.NEVER),
        false);
  }

  @Test
  void replayRestoresPutsAndRemovals() {
    try (PartitionLog log = open()) {
      DurableMap map = DurableMap.replay(log);
      map.put("a", "1");
      map.put("b", "2");
      map.put("a", "3");
      map.put("b", null);
    }
    try (PartitionLog log = open()) {
      assertThat(DurableMap.replay(log).snapshot()).isEqualTo(Map.of("a", "3"));
    }
  }

  @Test
  void compactionKeepsTheLogProportionalToTheStateAndLosesNothing() {
    Map<String, String> expected = new HashMap<>();
    long updates = 3 * DurableMap.COMPACT_SLACK;
    try (PartitionLog log = open()) {
      DurableMap map = DurableMap.replay(log);
      for (int i = 0; i < updates; i++) {
        String key = "offset/c" + (i % 50);
        map.put(key, Integer.toString(i));
        expected.put(key, Integer.toString(i));
      }
      map.put("offset/c7", null);
      expected.remove("offset/c7");
      assertThat(log.logStartOffset()).isPositive();
      assertThat(log.logEndOffset() - log.logStartOffset())
          .isLessThanOrEqualTo(DurableMap.COMPACT_SLACK + 200);
      assertThat(map.snapshot()).isEqualTo(expected);
    }
    try (PartitionLog log = open()) {
      assertThat(DurableMap.replay(log).snapshot()).isEqualTo(expected);
    }
  }
}
