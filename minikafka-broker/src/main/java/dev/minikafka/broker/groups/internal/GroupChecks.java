package dev.minikafka.broker.groups.internal;

import dev.minikafka.broker.Ids;
import dev.minikafka.broker.groups.OffsetSpec;
import dev.minikafka.core.Futures;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidGroupIdException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.NonEmptyGroupException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.storage.LogManager;
import dev.minikafka.storage.PartitionLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Checks and small conversions shared by the coordinator's parts, with errors that name. */
final class GroupChecks {
  private GroupChecks() {}

  /** Rejects a missing or illegal group id (the classroom id rule) as {@code invalid_group_id}. */
  static void checkGroupId(String group) {
    if (group == null) {
      throw new InvalidGroupIdException("group id is required");
    }
    try {
      Ids.validateOrGenerate("group id", group, "");
    } catch (InvalidRequestException e) {
      throw new InvalidGroupIdException(e.getMessage());
    }
  }

  /** Rejects {@code value} outside {@code [min, max]}, naming {@code field}. */
  static void checkRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  /** The error for a group with neither members nor committed offsets. */
  static UnknownConsumerException unknownGroup(String group) {
    return new UnknownConsumerException(
        "group '" + group + "' does not exist (no members, no committed offsets)");
  }

  /** The error for an operation that needs a group without members. */
  static NonEmptyGroupException nonEmpty(String group, Group g, String what) {
    return new NonEmptyGroupException(
        "group '"
            + group
            + "' has "
            + g.members().size()
            + " live member(s); they must leave (or time out) before you can "
            + what);
  }

  /** The offset {@code spec} names in {@code tp}'s log. */
  static long resolve(LogManager logs, TopicPartition tp, OffsetSpec spec) {
    PartitionLog log = logs.log(tp);
    return switch (spec) {
      case OffsetSpec.Earliest e -> log.logStartOffset();
      case OffsetSpec.Latest l -> log.highWatermark();
      case OffsetSpec.AtTimestamp t ->
          log.offsetForTimestamp(t.timestamp()).orElse(log.highWatermark());
      case OffsetSpec.At a -> {
        if (a.offset() < log.logStartOffset() || a.offset() > log.highWatermark()) {
          throw new OffsetOutOfRangeException(
              "offset "
                  + a.offset()
                  + " is outside "
                  + tp
                  + "'s range ["
                  + log.logStartOffset()
                  + ", "
                  + log.highWatermark()
                  + "]");
        }
        yield a.offset();
      }
    };
  }

  /** Waits for durable writes; a failed one rethrows its error (a storage error, say). */
  static void awaitAll(List<CompletableFuture<Void>> futures) {
    Futures.join(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
  }
}
