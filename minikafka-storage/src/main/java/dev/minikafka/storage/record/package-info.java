/**
 * Record batches in Kafka's v2 format: encoding, validation, scanning and decoding, done by
 * kafka-clients' record classes. The only package of minikafka that imports {@code
 * org.apache.kafka.common.record}, so a kafka-clients upgrade that moves those classes touches this
 * package alone.
 */
package dev.minikafka.storage.record;
