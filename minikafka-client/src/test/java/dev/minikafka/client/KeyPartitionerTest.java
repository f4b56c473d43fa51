package dev.minikafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.KeyPartitioner;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Core's key partitioner picks the partition Kafka's client (and the broker, which uses
 * kafka-clients' hash) picks for the same key, so an idempotent producer's own choice matches.
 */
class KeyPartitionerTest {

  @Property(tries = 2000)
  void hashEqualsKafkasMurmur2(@ForAll @Size(max = 64) byte[] key) {
    assertThat(KeyPartitioner.murmur2(key)).isEqualTo(Utils.murmur2(key));
  }

  @Property(tries = 1000)
  void partitionEqualsKafkasDefaultPartitioner(
      @ForAll @Size(max = 40) byte[] key, @ForAll @IntRange(min = 1, max = 1000) int partitions) {
    assertThat(KeyPartitioner.partition(key, partitions))
        .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
  }

  @Test
  void everyTailLengthIsCovered() {
    for (String s : new String[] {"", "a", "ab", "abc", "abcd", "abcde", "customer-7"}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(KeyPartitioner.murmur2(b)).as(s).isEqualTo(Utils.murmur2(b));
    }
  }
}
