package dev.minikafka.http.internal;

import dev.minikafka.broker.groups.GroupRecord;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as the {@code /v1} API returns them: {@code topic, partition, offset, timestamp, key,
 * value, headers}, with keys, values and header values as UTF-8 text or base64.
 *
 * <p>In string format a record whose bytes are not valid UTF-8 is not garbled: it comes back whole
 * in base64, marked {@code "encoding": "base64"}. Stateless and thread-safe.
 */
final class PolledRecords {
  private PolledRecords() {}

  /** How keys, values and header values are written. */
  enum Format {
    STRING,
    BASE64;

    static Format parse(String name) {
      if (name == null || name.equals("string")) {
        return STRING;
      }
      if (name.equals("base64")) {
        return BASE64;
      }
      throw new InvalidRequestException("format '" + name + "' is unknown; use string or base64");
    }
  }

  /** The records as JSON-ready maps, in order. */
  static List<Map<String, Object>> toJson(List<GroupRecord> records, Format format) {
    List<Map<String, Object>> out = new ArrayList<>(records.size());
    for (GroupRecord r : records) {
      out.add(toJson(r, format));
    }
    return out;
  }

  private static Map<String, Object> toJson(GroupRecord gr, Format format) {
    LogRecord r = gr.record();
    boolean base64 = format == Format.BASE64 || !allUtf8(r);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", gr.partition().topic());
    m.put("partition", gr.partition().partition());
    m.put("offset", r.offset());
    m.put("timestamp", r.timestamp());
    m.put("key", encode(r.key(), base64));
    m.put("value", encode(r.value(), base64));
    List<Map<String, Object>> headers = new ArrayList<>();
    for (RecordHeader h : r.data().headers()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("key", h.key());
      hm.put("value", encode(h.value(), base64));
      headers.add(hm);
    }
    m.put("headers", headers);
    if (base64 && format == Format.STRING) {
      m.put("encoding", "base64");
    }
    return m;
  }

  private static boolean allUtf8(LogRecord r) {
    if (!utf8(r.key()) || !utf8(r.value())) {
      return false;
    }
    for (RecordHeader h : r.data().headers()) {
      if (!utf8(h.value())) {
        return false;
      }
    }
    return true;
  }

  private static boolean utf8(byte[] bytes) {
    if (bytes == null) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String encode(byte[] bytes, boolean base64) {
    if (bytes == null) {
      return null;
    }
    return base64
        ? Base64.getEncoder().encodeToString(bytes)
        : new String(bytes, StandardCharsets.UTF_8);
  }
}
