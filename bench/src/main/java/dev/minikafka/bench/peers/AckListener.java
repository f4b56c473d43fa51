package dev.minikafka.bench.peers;

/**
 * Told of each acknowledged record of a batched send, in send order, on the sending thread.
 *
 * @param <I> how the system identifies a stored record (a Redis entry id, a JetStream sequence)
 */
@FunctionalInterface
public interface AckListener<I> {
  /**
   * Record {@code index} (0-based, in the order of the send call) is acknowledged and stored as
   * {@code id}.
   */
  void acked(long index, I id);
}
