package dev.minikafka.client;

/**
 * An offset looked up in a partition.
 *
 * @param offset the offset found (the high watermark when no record matches a timestamp)
 * @param timestamp the timestamp of the record there, or null when there is none
 */
public record ListedOffset(long offset, Long timestamp) {}
