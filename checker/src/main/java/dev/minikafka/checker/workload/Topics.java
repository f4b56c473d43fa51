package dev.minikafka.checker.workload;

import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The topics of a run and their partition counts.
 *
 * @param consumed topics the consumer groups read (and the producers write)
 * @param classroom the topic the classroom producer writes through {@code /produce} (one
 *     partition), also consumed
 * @param tail the topic whose tail the checker damages; written, never consumed by a group
 */
public record Topics(Map<String, Integer> consumed, String classroom, Map<String, Integer> tail) {
  /** Copies the maps. */
  public Topics {
    consumed = Map.copyOf(consumed);
    tail = Map.copyOf(tail);
  }

  /** The topics the groups subscribe to. */
  public List<String> subscribed() {
    List<String> out = new ArrayList<>(consumed.keySet().stream().sorted().toList());
    out.add(classroom);
    return out;
  }

  /** Every partition of the topics that the /v1 producers write. */
  public List<TopicPartition> produced() {
    List<TopicPartition> out = new ArrayList<>();
    partitions(consumed, out);
    partitions(tail, out);
    return out;
  }

  /** Every partition of every topic. */
  public List<TopicPartition> all() {
    List<TopicPartition> out = produced();
    out.add(new TopicPartition(classroom, 0));
    return out;
  }

  /** The partitions of the damaged topic. */
  public List<TopicPartition> damaged() {
    List<TopicPartition> out = new ArrayList<>();
    partitions(tail, out);
    return out;
  }

  /** One partition the /v1 producers write, at random. */
  public TopicPartition pick(Random random) {
    List<TopicPartition> all = produced();
    return all.get(random.nextInt(all.size()));
  }

  private static void partitions(Map<String, Integer> topics, List<TopicPartition> out) {
    topics.keySet().stream()
        .sorted()
        .forEach(
            t -> {
              for (int p = 0; p < topics.get(t); p++) {
                out.add(new TopicPartition(t, p));
              }
            });
  }
}
