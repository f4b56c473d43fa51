package dev.minikafka.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  @Test
  void aKeyGoesWhereKafkasProducerSendsIt() {
    Random random = new Random(42);
    List<byte[]> keys = new ArrayList<>();
    keys.add(new byte[0]);
    keys.add("customer-7".getBytes(StandardCharsets.UTF_8));
    keys.add("ключ ✓".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 500; i++) {
      byte[] key = new byte[random.nextInt(64)];
      random.nextBytes(key);
      keys.add(key);
    }
    for (int partitions : new int[] {1, 2, 3, 7, 12, 100, 10_000}) {
      for (byte[] key : keys) {
        assertThat(Partitioner.forKey(key, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
      }
    }
  }

  @Test
  void stickyPartitionsTakeTurns() {
    Partitioner p = new Partitioner();
    assertThat(List.of(p.nextSticky(3), p.nextSticky(3), p.nextSticky(3), p.nextSticky(3)))
        .containsExactly(0, 1, 2, 0);
    assertThat(p.nextSticky(1)).isZero();
  }
}
