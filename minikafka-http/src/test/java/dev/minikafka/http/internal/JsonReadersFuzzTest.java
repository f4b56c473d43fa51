package dev.minikafka.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Coverage-guided fuzzing of the HTTP layer's JSON readers and writer, without a server: {@link
 * Fields} reads any JSON object's fields into a value or refuses them with a typed error ({@link
 * ApiError} or a broker error, both mapped to a 4xx), never another exception; {@link RecordJson}
 * writes any record, whatever its bytes, as JSON that gives the same bytes back.
 *
 * <p>Regression mode in {@code bin/test}: the inputs under {@code
 * src/test/resources/.../JsonReadersFuzzTestInputs/} plus an empty one. To fuzz, see {@code
 * docs/hostile-input.md}.
 */
class JsonReadersFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void fieldsAreReadOrRefusedTyped(byte[] body) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      return; // the route answers 400 bad_request; see Json.readObject
    } catch (IOException undecodable) {
      // Jackson guesses UTF-16 or UTF-32 from zero bytes, then finds no such characters (a
      // CharConversionException): the route answers 400 bad_request too.
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    for (Fields family : Fields.values()) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      names.add("absent");
      for (String name : names) {
        readEach(family, object, name);
      }
    }
  }

  private static void readEach(Fields f, ObjectNode o, String name) {
    List<Runnable> readers =
        List.of(
            () -> f.optionalString(o, "body", name),
            () -> f.requiredString(o, "body", name),
            () -> f.optionalLong(o, "body", name),
            () -> f.optionalInt(o, "body", name),
            () -> f.optionalObject(o, "body", name),
            () -> f.requiredObject(o, "body", name),
            () -> V1Fields.format(o),
            () -> V1Fields.onlyKnown(o, "body", java.util.Set.of(name)));
    for (Runnable r : readers) {
      try {
        r.run();
      } catch (ApiError e) {
        assertThat(e.status()).isBetween(400, 499);
        assertThat(e.getMessage()).isNotBlank();
      } catch (MiniKafkaException e) {
        assertThat(ErrorMapping.map(e).status()).isBetween(400, 499);
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @FuzzTest(maxDuration = "2m")
  void anyRecordIsWrittenAsJsonThatGivesItsBytesBack(FuzzedDataProvider data) throws IOException {
    byte[] key = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64));
    List<RecordHeader> headers = new ArrayList<>();
    int count = data.consumeInt(0, 3);
    for (int i = 0; i < count; i++) {
      String headerKey = data.consumeString(16);
      byte[] headerValue = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 32));
      headers.add(new RecordHeader(headerKey, headerValue));
    }
    RecordFormat format = data.consumeBoolean() ? RecordFormat.STRING : RecordFormat.BASE64;
    long timestamp = data.consumeLong(0, Long.MAX_VALUE);
    byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
    LogRecord record = new LogRecord(7, new RecordData(timestamp, key, value, headers));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      RecordJson.write(g, "t", 0, record, format);
    }
    JsonNode json = Json.MAPPER.readTree(out.toByteArray());
    boolean base64 = format == RecordFormat.BASE64 || json.has("encoding");
    assertThat(json.get("offset").asLong()).isEqualTo(7);
    assertThat(json.get("timestamp").asLong()).isEqualTo(timestamp);
    assertThat(decode(json.get("key"), base64)).isEqualTo(key);
    assertThat(decode(json.get("value"), base64)).isEqualTo(value);
    JsonNode hs = json.get("headers");
    assertThat(hs).hasSize(headers.size());
    for (int i = 0; i < headers.size(); i++) {
      assertThat(decode(hs.get(i).get("value"), base64)).isEqualTo(headers.get(i).value());
    }
  }

  private static byte[] decode(JsonNode text, boolean base64) {
    if (text.isNull()) {
      return null;
    }
    return base64
        ? Base64.getDecoder().decode(text.textValue())
        : text.textValue().getBytes(StandardCharsets.UTF_8);
  }
}
