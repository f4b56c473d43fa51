package dev.minikafka.client.internal;

import dev.minikafka.client.ProducerRecord;
import dev.minikafka.client.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * A record accepted by {@code send} and the future its sender completes.
 *
 * @param record the record
 * @param future completed with where it was stored, or with why it was not
 */
public record PendingRecord(ProducerRecord record, CompletableFuture<RecordMetadata> future) {}
