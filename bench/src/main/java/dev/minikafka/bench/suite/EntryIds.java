package dev.minikafka.bench.suite;

import java.util.Arrays;
import redis.clients.jedis.StreamEntryID;

/**
 * The ids of a Redis stream's entries in the order they were acknowledged, so that the n-th entry
 * can be read by id: Redis Streams address entries by id (time-sequence), not by position. Kept by
 * the harness for the streams it fills from one thread at a time, where acknowledgement order is
 * stream order. Thread-safe (synchronized).
 */
final class EntryIds {
  private long[] millis = new long[1024];
  private long[] sequence = new long[1024];
  private int size;

  synchronized void add(StreamEntryID id) {
    if (size == millis.length) {
      millis = Arrays.copyOf(millis, size * 2);
      sequence = Arrays.copyOf(sequence, size * 2);
    }
    millis[size] = id.getTime();
    sequence[size] = id.getSequence();
    size++;
  }

  /** The id of the entry at {@code offset}. */
  synchronized StreamEntryID get(long offset) {
    if (offset < 0 || offset >= size) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + " of a stream with " + size + " known entries");
    }
    return new StreamEntryID(millis[(int) offset], sequence[(int) offset]);
  }
}
