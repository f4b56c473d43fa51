package dev.minikafka.broker.groups.internal;

import dev.minikafka.storage.LogManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The groups in memory, by id. A group is created on first use and forgotten when it is deleted or
 * has no members left (its offsets are stored, not kept here).
 *
 * <p>Thread-safety: safe for concurrent use. A group is removed only under its own lock and marked
 * {@link Group#deleted} first, so a thread that looked it up and then locked it sees the mark and
 * starts over with a fresh group.
 */
final class GroupRegistry {
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final LogManager logs;
  private final OffsetStore offsets;

  GroupRegistry(LogManager logs, OffsetStore offsets) {
    this.logs = logs;
    this.offsets = offsets;
  }

  /** The group, or null when it is not in memory. */
  Group get(String id) {
    return groups.get(id);
  }

  /** Every group in memory, as a snapshot. */
  List<Group> all() {
    return List.copyOf(groups.values());
  }

  /** Forgets {@code g}; the caller holds its lock. */
  void forget(Group g) {
    g.deleted = true;
    groups.remove(g.id, g);
  }

  /** Runs {@code action} on the group (created if needed) under its lock. */
  <T> T withGroup(String group, Function<Group, T> action) {
    while (true) {
      Group g = groups.computeIfAbsent(group, id -> new Group(id, logs, offsets));
      g.lock.lock();
      try {
        if (g.deleted) {
          continue;
        }
        return action.apply(g);
      } finally {
        g.lock.unlock();
      }
    }
  }
}
