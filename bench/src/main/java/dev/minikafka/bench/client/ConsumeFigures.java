package dev.minikafka.bench.client;

/**
 * What one consume run achieved, in the shape Kafka's {@code ConsumerPerformance} reports it.
 *
 * @param records records consumed
 * @param megabytes payload megabytes (2^20 bytes) consumed
 * @param recordsPerSecond records per second from the consumer's start (group join included)
 * @param megabytesPerSecond megabytes per second over the same span
 * @param joinMs time spent joining the group before the first records
 * @param fetchRecordsPerSecond records per second once records flowed (join excluded)
 */
public record ConsumeFigures(
    long records,
    double megabytes,
    double recordsPerSecond,
    double megabytesPerSecond,
    long joinMs,
    double fetchRecordsPerSecond) {}
