package dev.minikafka.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordHeader;
import java.io.IOException;
import java.util.List;

/**
 * The one JSON form of a record that the {@code /v1} API returns, whether read from a partition
 * ({@code GET .../records}) or polled by a group member: {@code topic, partition, offset,
 * timestamp, [encoding], key, value, headers}, with keys, values and header values in the asked
 * {@link RecordFormat}.
 *
 * <p>In string format a record whose bytes are not valid UTF-8 is not garbled: it goes out whole in
 * base64 (key, value and every header value), marked {@code "encoding": "base64"}. Records are
 * streamed to a {@link JsonGenerator} rather than built as maps: a read may return many. Stateless
 * and thread-safe.
 */
final class RecordJson {
  private RecordJson() {}

  /** Writes {@code rec}, stored in {@code topic}/{@code partition}, as one JSON object. */
  static void write(
      JsonGenerator g, String topic, int partition, LogRecord rec, RecordFormat format)
      throws IOException {
    RecordFormat f = format == RecordFormat.STRING && !isUtf8(rec) ? RecordFormat.BASE64 : format;
    g.writeStartObject();
    g.writeStringField("topic", topic);
    g.writeNumberField("partition", partition);
    g.writeNumberField("offset", rec.offset());
    g.writeNumberField("timestamp", rec.timestamp());
    if (f != format) {
      g.writeStringField("encoding", "base64");
    }
    writeBytes(g, "key", rec.key(), f);
    writeBytes(g, "value", rec.value(), f);
    g.writeArrayFieldStart("headers");
    for (RecordHeader h : rec.data().headers()) {
      g.writeStartObject();
      g.writeStringField("key", h.key());
      writeBytes(g, "value", h.value(), f);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Polled records as a value that Jackson writes as a JSON array of records, so that a poll's
   * answer can be built as a map yet encode its records exactly as a partition read does.
   */
  static JsonSerializable array(List<GroupRecord> records, RecordFormat format) {
    return new PolledArray(records, format);
  }

  private record PolledArray(List<GroupRecord> records, RecordFormat format)
      implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator g, SerializerProvider serializers) throws IOException {
      g.writeStartArray();
      for (GroupRecord r : records) {
        write(g, r.partition().topic(), r.partition().partition(), r.record(), format);
      }
      g.writeEndArray();
    }

    @Override
    public void serializeWithType(
        JsonGenerator g, SerializerProvider serializers, TypeSerializer typeSer)
        throws IOException {
      serialize(g, serializers); // the mapper types nothing: no type ids to write
    }
  }

  private static boolean isUtf8(LogRecord r) {
    if (!RecordFormat.isUtf8(r.key()) || !RecordFormat.isUtf8(r.value())) {
      return false;
    }
    for (RecordHeader h : r.data().headers()) {
      if (!RecordFormat.isUtf8(h.value())) {
        return false;
      }
    }
    return true;
  }

  private static void writeBytes(JsonGenerator g, String field, byte[] value, RecordFormat f)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, f.encode(value));
    }
  }
}
