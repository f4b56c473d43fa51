package dev.minikafka.checker.history;

import dev.minikafka.core.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an operation of the history did; each kind is a record. */
public sealed interface Action {

  /**
   * A write of one value.
   *
   * @param producer the producing client
   * @param seq the order in which the client issued its writes (0, 1, 2, ...)
   * @param tp the partition written to
   * @param value the value, unique in the whole run
   * @param offset where it was stored when the outcome is {@link Outcome#OK}, else -1
   */
  record Send(String producer, long seq, TopicPartition tp, String value, long offset)
      implements Action {
    /** Checks that every part is present. */
    public Send {
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tp, "tp");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A poll of a group member: the records it returned, in order.
   *
   * @param consumer the member's client name
   * @param group its group
   * @param records what the poll returned
   */
  record Poll(String consumer, String group, List<Rec> records) implements Action {
    /** Copies the list. */
    public Poll {
      records = List.copyOf(records);
    }
  }

  /**
   * A commit of offsets (the next offset to read, Kafka's convention).
   *
   * @param consumer the committing client
   * @param group its group
   * @param offsets the offsets committed
   */
  record Commit(String consumer, String group, Map<TopicPartition, Long> offsets)
      implements Action {
    /** Copies the map. */
    public Commit {
      offsets = Map.copyOf(offsets);
    }
  }

  /**
   * The partitions of a member changed (assigned, revoked, lost, joined again) or it moved its
   * positions: its next records of any partition may start anywhere.
   *
   * @param consumer the member's client name
   * @param group its group
   * @param what what happened, for the report
   */
  record Reposition(String consumer, String group, String what) implements Action {}

  /**
   * A read of one partition without a group (the final drain).
   *
   * @param reader the reading client
   * @param tp the partition
   * @param records what it returned, in order
   */
  record Read(String reader, TopicPartition tp, List<Rec> records) implements Action {
    /** The reader name of the final drain, whose reads are the partitions' final contents. */
    public static final String FINAL_DRAIN = "drain";

    /** Copies the list. */
    public Read {
      records = List.copyOf(records);
    }
  }

  /**
   * A group's committed offsets as the broker described them.
   *
   * @param group the group
   * @param offsets its committed offsets
   */
  record Committed(String group, Map<TopicPartition, Long> offsets) implements Action {
    /** Copies the map. */
    public Committed {
      offsets = Map.copyOf(offsets);
    }
  }

  /**
   * A fault the checker injected.
   *
   * @param kind its kind, e.g. {@code kill}
   * @param detail what exactly it did
   */
  record Fault(String kind, String detail) implements Action {}
}
