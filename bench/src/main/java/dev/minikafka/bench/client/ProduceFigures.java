package dev.minikafka.bench.client;

/**
 * What one batched-produce run achieved, in the shape Kafka's {@code ProducerPerformance} reports
 * it: totals for the whole run, and the latency of each send from the call to its acknowledgement.
 *
 * @param records records acknowledged
 * @param recordsPerSecond records per second over the run
 * @param megabytesPerSecond payload megabytes (2^20 bytes) per second
 * @param avgLatencyMs mean send-to-acknowledgement latency
 * @param maxLatencyMs largest latency
 * @param p50Ms median latency
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 */
public record ProduceFigures(
    long records,
    double recordsPerSecond,
    double megabytesPerSecond,
    double avgLatencyMs,
    double maxLatencyMs,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double p999Ms) {}
