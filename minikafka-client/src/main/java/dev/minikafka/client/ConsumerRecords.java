package dev.minikafka.client;

import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records one {@link Consumer#poll} returned, grouped by partition; within a partition in
 * offset order. Immutable.
 */
public final class ConsumerRecords implements Iterable<ConsumerRecord> {
  private static final ConsumerRecords EMPTY = new ConsumerRecords(Map.of());

  private final Map<TopicPartition, List<ConsumerRecord>> byPartition;

  private ConsumerRecords(Map<TopicPartition, List<ConsumerRecord>> byPartition) {
    this.byPartition = byPartition;
  }

  /** No records. */
  public static ConsumerRecords empty() {
    return EMPTY;
  }

  /** Groups {@code records} by partition, keeping their order. */
  public static ConsumerRecords of(List<ConsumerRecord> records) {
    Map<TopicPartition, List<ConsumerRecord>> grouped = new LinkedHashMap<>();
    TopicPartition tp = null;
    List<ConsumerRecord> run = null;
    for (ConsumerRecord r : records) {
      if (!r.isOf(tp)) {
        tp = r.topicPartition();
        run = grouped.computeIfAbsent(tp, k -> new ArrayList<>());
      }
      run.add(r);
    }
    return ofOwnLists(grouped);
  }

  /**
   * The records of {@code grouped}, whose map and lists the caller hands over and no longer
   * changes: wrapping them keeps the result immutable without a copy.
   */
  static ConsumerRecords ofOwnLists(Map<TopicPartition, List<ConsumerRecord>> grouped) {
    grouped.replaceAll((partition, list) -> Collections.unmodifiableList(list));
    return new ConsumerRecords(Collections.unmodifiableMap(grouped));
  }

  /** The partitions with at least one record here. */
  public Set<TopicPartition> partitions() {
    return byPartition.keySet();
  }

  /** The records of {@code partition}, empty if none. */
  public List<ConsumerRecord> records(TopicPartition partition) {
    return byPartition.getOrDefault(partition, List.of());
  }

  /** How many records there are in all. */
  public int count() {
    int n = 0;
    for (List<ConsumerRecord> list : byPartition.values()) {
      n += list.size();
    }
    return n;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return byPartition.isEmpty();
  }

  @Override
  public Iterator<ConsumerRecord> iterator() {
    // A plain nested iterator: a stream's flatMap iterator buffers and costs several times more
    // per record, which shows in a consumer reading hundreds of thousands of records a second.
    Iterator<List<ConsumerRecord>> lists = byPartition.values().iterator();
    return new Iterator<>() {
      private Iterator<ConsumerRecord> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && lists.hasNext()) {
          current = lists.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public ConsumerRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
