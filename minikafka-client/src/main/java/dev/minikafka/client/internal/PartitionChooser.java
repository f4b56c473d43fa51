package dev.minikafka.client.internal;

import dev.minikafka.core.KeyPartitioner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the partition of every record of a batch on the client, as the broker would: the record's
 * own partition, else Kafka's murmur2 hash of its key, else one sticky partition for all keyless
 * records of the batch, round-robin from batch to batch. Needed whenever the producer must know
 * each record's partition before sending: idempotent sequences are per partition, and a record
 * batch goes to one partition.
 *
 * <p>Not thread-safe: only the sender thread uses it.
 */
final class PartitionChooser {
  private final TopicMetadata metadata;
  private final Map<String, Integer> sticky = new HashMap<>();

  PartitionChooser(TopicMetadata metadata) {
    this.metadata = metadata;
  }

  /** The partition of each record of {@code batch}, in order. */
  int[] assign(ProducerBatch batch) {
    List<PendingRecord> records = batch.records();
    int[] partitions = new int[records.size()];
    int count = -1;
    int stickyPartition = -1;
    for (int i = 0; i < records.size(); i++) {
      var record = records.get(i).record();
      if (record.partition() != null) {
        partitions[i] = record.partition();
        continue;
      }
      if (count < 0) {
        count = metadata.partitions(batch.topic());
      }
      if (record.key() != null) {
        partitions[i] = KeyPartitioner.partition(record.key(), count);
      } else {
        if (stickyPartition < 0) {
          int turn = sticky.merge(batch.topic(), 1, Integer::sum);
          stickyPartition = Math.floorMod(turn - 1, count);
        }
        partitions[i] = stickyPartition;
      }
    }
    return partitions;
  }

  /** Forgets a topic's partition count, e.g. after the broker said a partition is unknown. */
  void invalidate(String topic) {
    metadata.invalidate(topic);
  }
}
