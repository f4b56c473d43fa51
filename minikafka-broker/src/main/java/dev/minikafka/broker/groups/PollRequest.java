package dev.minikafka.broker.groups;

/**
 * How much a poll may return and how long it may wait.
 *
 * @param timeoutMs the longest wait when there is nothing to return
 * @param maxRecords the most records to return
 * @param maxBytes the most key, value and header bytes to return (one record may exceed it)
 */
public record PollRequest(long timeoutMs, long maxRecords, long maxBytes) {}
