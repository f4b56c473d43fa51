package dev.minikafka.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a whole data directory.
 *
 * @param dataDir the directory holding every partition's log and the topic metadata
 * @param defaults the log configuration topics get unless they override it
 * @param logOptions the flush policy, clock and file layer shared by every log
 * @param retentionCheckInterval how often retention runs over all logs
 */
public record StorageConfig(
    Path dataDir, LogConfig defaults, LogOptions logOptions, Duration retentionCheckInterval) {

  /** Checks that every part is present. */
  public StorageConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(logOptions, "logOptions");
    Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
  }

  /** Kafka's log defaults, {@code flush=always}, retention checked every five minutes. */
  public static StorageConfig of(Path dataDir) {
    return new StorageConfig(
        dataDir, LogConfig.defaults(), LogOptions.defaults(), Duration.ofMinutes(5));
  }

  /** This configuration with another flush policy. */
  public StorageConfig withFlushPolicy(FlushPolicy policy) {
    return new StorageConfig(
        dataDir, defaults, logOptions.withFlushPolicy(policy), retentionCheckInterval);
  }

  /** This configuration with other log defaults. */
  public StorageConfig withDefaults(LogConfig newDefaults) {
    return new StorageConfig(dataDir, newDefaults, logOptions, retentionCheckInterval);
  }

  /** This configuration with other log options. */
  public StorageConfig withLogOptions(LogOptions options) {
    return new StorageConfig(dataDir, defaults, options, retentionCheckInterval);
  }
}
