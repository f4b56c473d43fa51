package dev.minikafka.storage;

/**
 * Where an append put its records.
 *
 * @param baseOffset the offset of the first record
 * @param lastOffset the offset of the last record
 * @param recordCount how many records were appended
 */
public record AppendResult(long baseOffset, long lastOffset, int recordCount) {}
