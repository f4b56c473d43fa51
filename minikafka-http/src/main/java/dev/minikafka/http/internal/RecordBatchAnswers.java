package dev.minikafka.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.minikafka.broker.PartitionBatches;
import dev.minikafka.broker.groups.BatchPollResult;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.storage.record.FetchedRecords;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes the record-batch form of a read's answer ({@code docs/api-v1.md}, "Reading record
 * batches"): a 4-byte big-endian length N, N bytes of UTF-8 JSON metadata, then each partition's
 * batches exactly as stored, back to back in the order of the metadata's {@code partitions}, each
 * section {@code bytes} long. The metadata of a partition read is {@code {"partitions": [one
 * entry]}}; that of a group poll adds {@code poll_id}, {@code generation}, {@code assignment},
 * {@code added} and {@code revoked}. A partition entry is {@code {"topic", "partition",
 * "fetch_offset", "next_offset", "high_watermark", "log_start_offset", "bytes"}}.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordBatchAnswers {
  private RecordBatchAnswers() {}

  /** Answers a partition read. */
  static void writeFetch(Context ctx, AnswerBudget budget, PartitionBatches read) {
    write(ctx, budget, metadata(null, List.of(read)), List.of(read));
  }

  /** Answers a group poll. */
  static void writePoll(Context ctx, AnswerBudget budget, BatchPollResult r) {
    write(ctx, budget, metadata(r, r.partitions()), r.partitions());
  }

  private static void write(
      Context ctx, AnswerBudget budget, byte[] metadata, List<PartitionBatches> partitions) {
    int size = Integer.BYTES + metadata.length;
    for (PartitionBatches p : partitions) {
      size += p.sizeInBytes();
    }
    // One array for the whole answer: its batches are copied once, from the buffers the log read.
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(metadata.length).put(metadata);
    for (PartitionBatches p : partitions) {
      for (FetchedRecords b : p.batches()) {
        out.put(b.buffer());
      }
    }
    budget.write(ctx, RecordBatchAccept.TYPE, out.array());
  }

  private static byte[] metadata(BatchPollResult poll, List<PartitionBatches> partitions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      if (poll != null) {
        g.writeNumberField("poll_id", poll.pollId());
        g.writeNumberField("generation", poll.generation());
        writePartitions(g, "assignment", poll.assignment());
        writePartitions(g, "added", poll.added());
        writePartitions(g, "revoked", poll.revoked());
      }
      g.writeArrayFieldStart("partitions");
      for (PartitionBatches p : partitions) {
        g.writeStartObject();
        g.writeStringField("topic", p.partition().topic());
        g.writeNumberField("partition", p.partition().partition());
        g.writeNumberField("fetch_offset", p.fetchOffset());
        g.writeNumberField("next_offset", p.nextOffset());
        g.writeNumberField("high_watermark", p.highWatermark());
        g.writeNumberField("log_start_offset", p.logStartOffset());
        g.writeNumberField("bytes", p.sizeInBytes());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static void writePartitions(JsonGenerator g, String field, List<TopicPartition> tps)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (TopicPartition tp : tps) {
      g.writeStartObject();
      g.writeStringField("topic", tp.topic());
      g.writeNumberField("partition", tp.partition());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
