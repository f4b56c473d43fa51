package dev.minikafka.client;

import dev.minikafka.core.TopicPartition;
import java.util.Collection;

/**
 * Told when the group moves partitions to or from this consumer. Called only from inside {@link
 * Consumer#poll} (and {@link Consumer#close} / {@link Consumer#subscribe}), on the thread that uses
 * the consumer, so it may call the consumer (commit, seek) without synchronisation.
 */
public interface ConsumerRebalanceListener {
  /**
   * The partitions are no longer this consumer's. Commit what was processed of them now: the broker
   * still accepts this member's commits for them until its next poll.
   */
  void onPartitionsRevoked(Collection<TopicPartition> partitions);

  /** The partitions are now this consumer's; reading resumes from their committed offsets. */
  void onPartitionsAssigned(Collection<TopicPartition> partitions);

  /**
   * The partitions were taken away without a chance to commit: the broker no longer knew this
   * member (it restarted, or evicted the member after its session timeout). Others may already own
   * them, so committing them is pointless. By default this calls {@link #onPartitionsRevoked}.
   */
  default void onPartitionsLost(Collection<TopicPartition> partitions) {
    onPartitionsRevoked(partitions);
  }

  /** A listener that does nothing. */
  static ConsumerRebalanceListener noOp() {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
    };
  }
}
