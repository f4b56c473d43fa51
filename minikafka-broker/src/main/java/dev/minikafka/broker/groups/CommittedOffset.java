package dev.minikafka.broker.groups;

/**
 * A committed offset as stored.
 *
 * @param offset the next offset to read
 * @param metadata the text committed with it; empty when none
 */
public record CommittedOffset(long offset, String metadata) {}
