package dev.minikafka.client;

import dev.minikafka.core.TopicPartition;
import java.util.Map;

/**
 * Told how an asynchronous commit ended. Called on the consumer's thread, from inside a later
 * {@link Consumer#poll}, {@link Consumer#commitSync()} or {@link Consumer#close}.
 */
@FunctionalInterface
public interface OffsetCommitCallback {
  /**
   * Reports the outcome of one asynchronous commit.
   *
   * @param offsets what was committed (empty when the member's current positions were)
   * @param exception null on success, else why the commit failed
   */
  void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, RuntimeException exception);
}
