package dev.minikafka.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.CorruptBatchException;
import dev.minikafka.client.UnexpectedResponseException;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A read's answer in its record-batch form ({@code docs/api-v1.md}, "Reading record batches"): a
 * 4-byte big-endian length N, N bytes of JSON metadata, then each partition's stored batches back
 * to back, in the order of the metadata's {@code partitions}, each section as long as its {@code
 * bytes}. Decoded whole on arrival: one array per answer, records copied out of it.
 *
 * @param metadata the metadata document (a poll's {@code generation}, {@code assignment}, ...)
 * @param partitions each partition's section, decoded, in the answer's order
 */
public record RecordBatchAnswer(JsonNode metadata, List<Section> partitions) {
  /** The media type of the record-batch form. */
  public static final String MEDIA_TYPE = "application/vnd.kafka.record-batch.v2";

  /**
   * The {@code Accept} header of a read that prefers record batches (in the codecs this client
   * decodes) and takes JSON from a broker that does not have them.
   */
  public static final String ACCEPT =
      MEDIA_TYPE + "; codecs=\"" + RecordBatchDecoder.CODECS + "\", application/json; q=0.5";

  /**
   * One partition's part of the answer.
   *
   * @param partition where the records are stored
   * @param fetchOffset the offset the read started from; records below it were dropped
   * @param nextOffset where the next read starts (past the last batch)
   * @param highWatermark one past the last offset readers may see
   * @param logStartOffset the first offset still stored
   * @param bytes the section's length: the stored bytes of its batches
   * @param records the records at or after {@code fetchOffset}, in offset order
   */
  public record Section(
      TopicPartition partition,
      long fetchOffset,
      long nextOffset,
      long highWatermark,
      long logStartOffset,
      long bytes,
      List<ConsumerRecord> records) {}

  /** Copies the list. */
  public RecordBatchAnswer {
    partitions = List.copyOf(partitions);
  }

  /** Whether an answer's {@code Content-Type} is the record-batch form (else it is JSON). */
  public static boolean isRecordBatches(String contentType) {
    return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
  }

  /**
   * Parses and decodes an answer.
   *
   * @throws UnexpectedResponseException when the envelope does not have the documented shape
   * @throws CorruptBatchException when a batch does not decode
   */
  public static RecordBatchAnswer parse(byte[] body) {
    if (body.length < Integer.BYTES) {
      throw unexpected("a record-batch answer of " + body.length + " bytes has no metadata length");
    }
    long metadataLength =
        ((body[0] & 0xFFL) << 24)
            | ((body[1] & 0xFF) << 16)
            | ((body[2] & 0xFF) << 8)
            | (body[3] & 0xFF);
    if (metadataLength > body.length - Integer.BYTES) {
      throw unexpected(
          "a record-batch answer's metadata length "
              + metadataLength
              + " passes its "
              + body.length
              + " bytes");
    }
    JsonNode metadata;
    try {
      metadata = WireJson.parse(body, Integer.BYTES, (int) metadataLength);
    } catch (JsonProcessingException e) {
      throw unexpected("a record-batch answer's metadata is not JSON: " + e.getOriginalMessage());
    }
    int position = Integer.BYTES + (int) metadataLength;
    List<Section> sections = new ArrayList<>();
    for (JsonNode p : metadata.path("partitions")) {
      TopicPartition tp =
          new TopicPartition(WireJson.text(p, "topic"), WireJson.intField(p, "partition"));
      long size = WireJson.longField(p, "bytes");
      if (size < 0 || size > body.length - position) {
        throw unexpected(
            "the section of "
                + tp
                + " says "
                + size
                + " bytes; "
                + (body.length - position)
                + " remain");
      }
      long fetchOffset = WireJson.longField(p, "fetch_offset");
      long nextOffset = WireJson.longField(p, "next_offset");
      // Sized for the offsets the section spans (a record takes at least a byte, so never more
      // than its bytes), sparing the list's growth copies in a large answer.
      List<ConsumerRecord> records =
          new ArrayList<>((int) Math.min(Math.max(0, nextOffset - fetchOffset), size));
      RecordBatchDecoder.decode(
          body, position, position + (int) size, tp.topic(), tp.partition(), fetchOffset, records);
      sections.add(
          new Section(
              tp,
              fetchOffset,
              nextOffset,
              WireJson.longField(p, "high_watermark"),
              WireJson.longField(p, "log_start_offset"),
              size,
              records));
      position += (int) size;
    }
    if (position != body.length) {
      throw unexpected(
          "a record-batch answer has " + (body.length - position) + " bytes past its sections");
    }
    return new RecordBatchAnswer(metadata, sections);
  }

  private static UnexpectedResponseException unexpected(String message) {
    return new UnexpectedResponseException(200, message);
  }
}
