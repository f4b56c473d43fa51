package dev.minikafka.storage.record;

import org.apache.kafka.common.record.CompressionType;

/** The compression codecs a record batch may use, the same set Kafka uses. */
public enum Compression {
  /** No compression. */
  NONE(CompressionType.NONE),
  /** gzip. */
  GZIP(CompressionType.GZIP),
  /** Snappy. */
  SNAPPY(CompressionType.SNAPPY),
  /** LZ4 (Kafka's framing). */
  LZ4(CompressionType.LZ4),
  /** Zstandard. */
  ZSTD(CompressionType.ZSTD);

  private final CompressionType kafkaType;

  Compression(CompressionType kafkaType) {
    this.kafkaType = kafkaType;
  }

  CompressionType kafkaType() {
    return kafkaType;
  }

  static Compression of(CompressionType type) {
    for (Compression c : values()) {
      if (c.kafkaType == type) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression type " + type);
  }
}
