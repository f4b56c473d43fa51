package dev.minikafka.broker.groups;

import java.util.OptionalLong;

/**
 * How much a poll may return and how long it may wait, and which earlier answer the member last
 * received.
 *
 * @param timeoutMs the longest wait when there is nothing to return
 * @param maxRecords the most records to return
 * @param maxBytes the most key, value and header bytes to return (one record may exceed it)
 * @param lastPollId the {@link PollResult#pollId() poll id} of the last answer the member received
 *     (0: none since it joined), or empty when the member does not say. When it names an answer
 *     older than the member's latest, that latest answer was lost on its way: the poll first moves
 *     the member back to the positions it had before that answer, so its records come again
 */
public record PollRequest(long timeoutMs, long maxRecords, long maxBytes, OptionalLong lastPollId) {
  /** A poll that does not say which answer it last received. */
  public PollRequest(long timeoutMs, long maxRecords, long maxBytes) {
    this(timeoutMs, maxRecords, maxBytes, OptionalLong.empty());
  }
}
