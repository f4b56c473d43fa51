package dev.minikafka.bench.suite;

/**
 * What the report says about one system in one durability profile.
 *
 * @param name the system's name
 * @param durability the profile's id
 * @param version the server version measured
 * @param durabilitySetting the system's own durability setting, in a few words
 * @param startSeconds time from launch to serving, on an empty data directory
 */
public record SystemInfo(
    String name,
    String durability,
    String version,
    String durabilitySetting,
    double startSeconds) {}
