package dev.minikafka.broker;

import java.util.OptionalLong;

/**
 * An offset looked up in a partition.
 *
 * @param offset the offset found; the high watermark when no record matches
 * @param timestamp the timestamp of the record at {@code offset}; empty when there is no record
 *     there (an empty log, or the high watermark)
 */
public record ListedOffset(long offset, OptionalLong timestamp) {}
