package dev.minikafka.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.broker.BatchAppend;
import dev.minikafka.broker.Broker;
import dev.minikafka.broker.FetchLimits;
import dev.minikafka.broker.FetchResult;
import dev.minikafka.broker.Idempotence;
import dev.minikafka.broker.ListedOffset;
import dev.minikafka.broker.OffsetSpec;
import dev.minikafka.broker.PartitionState;
import dev.minikafka.broker.ProduceRecord;
import dev.minikafka.broker.RecordResult;
import dev.minikafka.broker.TopicDescription;
import dev.minikafka.broker.TopicSummary;
import dev.minikafka.core.errors.InvalidConfigException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordHeader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /v1/topics} routes: topic administration, batch produce, and reading one partition
 * without a group, as {@code docs/api-v1.md} describes them. Parsing and encoding happen here; the
 * broker's topic, produce and fetch services do the rest.
 *
 * <p>Thread-safety: stateless apart from the broker, which is thread-safe.
 */
public final class V1TopicRoutes {
  private static final Set<String> CREATE_FIELDS = Set.of("name", "partitions", "configs");
  private static final Set<String> PRODUCE_FIELDS =
      Set.of("format", "records", "producer_id", "producer_epoch", "sequences");
  private static final Set<String> RECORD_FIELDS =
      Set.of("key", "value", "headers", "partition", "timestamp");
  private static final Set<String> HEADER_FIELDS = Set.of("key", "value");

  /** The media type of a body of Kafka v2 record batches. */
  static final String RECORD_BATCH_TYPE = "application/vnd.kafka.record-batch.v2";

  private final Broker broker;
  private final int maxBodyBytes;
  private final AnswerBudget answers;

  /** Routes for {@code broker}, refusing bodies over {@code maxBodyBytes}. */
  public V1TopicRoutes(Broker broker, int maxBodyBytes, AnswerBudget answers) {
    this.answers = answers;
    this.broker = broker;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    routes.post("/v1/topics", this::create);
    routes.get("/v1/topics", this::list);
    routes.get("/v1/topics/{topic}", this::describe);
    routes.delete("/v1/topics/{topic}", this::delete);
    routes.patch("/v1/topics/{topic}/configs", this::alterConfigs);
    routes.post("/v1/topics/{topic}/partitions", this::addPartitions);
    routes.post("/v1/topics/{topic}/records", this::produce);
    routes.post("/v1/topics/{topic}/partitions/{partition}/batches", this::produceBatches);
    routes.get("/v1/topics/{topic}/partitions/{partition}/records", this::fetch);
    routes.get("/v1/topics/{topic}/partitions/{partition}/offsets", this::offsets);
  }

  private void create(Context ctx) {
    ObjectNode body = V1Fields.readObject(ctx, maxBodyBytes, CREATE_FIELDS);
    String name = Fields.V1.requiredString(body, "", "name");
    Integer partitions = Fields.V1.optionalInt(body, "", "partitions");
    Map<String, String> configs = configs(Fields.V1.optionalObject(body, "", "configs"));
    TopicDescription d =
        broker.topicService().create(name, partitions == null ? 1 : partitions, configs);
    ctx.status(201);
    Json.write(ctx, description(d));
  }

  private void list(Context ctx) {
    List<Map<String, Object>> topics = new ArrayList<>();
    for (TopicSummary t : broker.topicService().list()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("partitions", t.partitions());
      topics.add(m);
    }
    Json.write(ctx, Map.of("topics", topics));
  }

  private void describe(Context ctx) {
    Json.write(ctx, description(broker.topicService().describe(ctx.pathParam("topic"))));
  }

  private void delete(Context ctx) {
    broker.topicService().delete(ctx.pathParam("topic"));
    ctx.status(204);
  }

  private void alterConfigs(Context ctx) {
    ObjectNode body = V1Fields.readObject(ctx, maxBodyBytes, Set.of("configs"));
    ObjectNode configs = Fields.V1.requiredObject(body, "", "configs");
    Json.write(
        ctx,
        description(broker.topicService().alterConfigs(ctx.pathParam("topic"), configs(configs))));
  }

  private void addPartitions(Context ctx) {
    ObjectNode body = V1Fields.readObject(ctx, maxBodyBytes, Set.of("count"));
    Integer count = Fields.V1.optionalInt(body, "", "count");
    if (count == null) {
      throw new InvalidRequestException("count (the new partition count) is required");
    }
    Json.write(
        ctx, description(broker.topicService().addPartitions(ctx.pathParam("topic"), count)));
  }

  private void produce(Context ctx) {
    String topic = ctx.pathParam("topic");
    ObjectNode body = V1Fields.readObject(ctx, maxBodyBytes, PRODUCE_FIELDS);
    RecordFormat format = V1Fields.format(body);
    JsonNode array = body.get("records");
    if (array == null || array.isNull()) {
      throw new InvalidRequestException("records is required");
    }
    if (!array.isArray()) {
      throw Fields.V1.wrongType("records", "an array", array);
    }
    if (array.isEmpty()) {
      throw new InvalidRequestException("records must hold at least one record");
    }
    List<ProduceRecord> records = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      records.add(record(array.get(i), "records[" + i + "]", format));
    }
    List<RecordResult> results = broker.produceService().produce(topic, records, idempotence(body));
    List<Map<String, Object>> out = new ArrayList<>(results.size());
    for (RecordResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("partition", r.partition());
      switch (r) {
        case RecordResult.Stored s -> {
          m.put("offset", s.offset());
          m.put("timestamp", s.timestamp());
          if (s.duplicate()) {
            m.put("duplicate", true);
          }
        }
        case RecordResult.Failed f -> {
          ApiError e = ErrorMapping.map(f.error());
          m.put("error_code", e.errorCode());
          m.put("error", e.error());
          m.put("message", e.getMessage());
        }
      }
      out.add(m);
    }
    Json.write(ctx, Map.of("results", out));
  }

  /**
   * Appends record batches the client encoded: the body is Kafka's v2 batches verbatim, checked and
   * stored by the broker without decoding a record here.
   */
  private void produceBatches(Context ctx) {
    // The raw header: the servlet's parsed content type throws on a charset Java does not know.
    String type = ctx.header("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip();
    if (!mediaType.equalsIgnoreCase(RECORD_BATCH_TYPE)) {
      throw new ApiError(
          415,
          -1,
          "unsupported_media_type",
          "the body must be record batches, Content-Type "
              + RECORD_BATCH_TYPE
              + "; was "
              + (type == null ? "none" : "'" + type + "'"));
    }
    String topic = ctx.pathParam("topic");
    int partition = Fields.V1.pathInt(ctx, "partition");
    byte[] body = Json.readBounded(ctx, maxBodyBytes);
    BatchAppend r = broker.produceService().appendBatches(topic, partition, ByteBuffer.wrap(body));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("partition", r.partition());
    out.put("base_offset", r.baseOffset());
    out.put("last_offset", r.lastOffset());
    out.put("log_append_time", -1);
    out.put("duplicate", r.duplicate());
    Json.write(ctx, out);
  }

  /** The producer fields of an idempotent request: all three, or none. */
  private static Idempotence idempotence(ObjectNode body) {
    Long producerId = Fields.V1.optionalLong(body, "", "producer_id");
    Integer epoch = Fields.V1.optionalInt(body, "", "producer_epoch");
    ObjectNode sequences = Fields.V1.optionalObject(body, "", "sequences");
    if (producerId == null && epoch == null && sequences == null) {
      return null;
    }
    if (producerId == null || epoch == null || sequences == null) {
      throw new InvalidRequestException(
          "an idempotent request needs producer_id, producer_epoch and sequences, all three");
    }
    if (epoch < 0 || epoch > Short.MAX_VALUE) {
      throw new InvalidRequestException(
          "producer_epoch must be between 0 and " + Short.MAX_VALUE + ", was " + epoch);
    }
    Map<Integer, Integer> bySequence = new LinkedHashMap<>();
    sequences
        .properties()
        .forEach(
            e -> {
              int partition;
              try {
                partition = Integer.parseInt(e.getKey());
              } catch (NumberFormatException notANumber) {
                throw new InvalidRequestException(
                    "sequences: '" + e.getKey() + "' is not a partition number");
              }
              JsonNode v = e.getValue();
              if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw Fields.V1.wrongType("sequences." + e.getKey(), "a 32-bit whole number", v);
              }
              bySequence.put(partition, v.intValue());
            });
    return new Idempotence(producerId, (short) (int) epoch, bySequence);
  }

  private static ProduceRecord record(JsonNode node, String path, RecordFormat format) {
    if (!node.isObject()) {
      throw Fields.V1.wrongType(path, "an object", node);
    }
    ObjectNode r = (ObjectNode) node;
    V1Fields.onlyKnown(r, path, RECORD_FIELDS);
    Integer partition = Fields.V1.optionalInt(r, path, "partition");
    Long timestamp = Fields.V1.optionalLong(r, path, "timestamp");
    if (timestamp != null && timestamp < 0) {
      throw new InvalidRequestException(path + ".timestamp must not be negative, was " + timestamp);
    }
    byte[] key = bytes(r, path, "key", format);
    byte[] value = bytes(r, path, "value", format);
    return new ProduceRecord(partition, timestamp, key, value, headers(r, path, format));
  }

  private static byte[] bytes(ObjectNode r, String path, String field, RecordFormat format) {
    String text = Fields.V1.optionalString(r, path, field);
    return text == null ? null : format.decode(text, Fields.join(path, field));
  }

  private static List<RecordHeader> headers(ObjectNode r, String path, RecordFormat format) {
    JsonNode array = r.get("headers");
    if (array == null || array.isNull()) {
      return List.of();
    }
    String where = path + ".headers";
    if (!array.isArray()) {
      throw Fields.V1.wrongType(where, "an array", array);
    }
    List<RecordHeader> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = where + "[" + i + "]";
      JsonNode h = array.get(i);
      if (!h.isObject()) {
        throw Fields.V1.wrongType(at, "an object", h);
      }
      V1Fields.onlyKnown((ObjectNode) h, at, HEADER_FIELDS);
      String key = Fields.V1.requiredString((ObjectNode) h, at, "key");
      out.add(new RecordHeader(key, bytes((ObjectNode) h, at, "value", format)));
    }
    return out;
  }

  private void fetch(Context ctx) {
    String topic = ctx.pathParam("topic");
    int partition = Fields.V1.pathInt(ctx, "partition");
    Long offset = Fields.V1.queryLong(ctx, "offset");
    if (offset == null) {
      throw new InvalidRequestException("query parameter 'offset' is required");
    }
    FetchLimits limits =
        FetchLimits.of(
            orDefault(Fields.V1.queryLong(ctx, "max_records"), FetchLimits.DEFAULT_MAX_RECORDS),
            orDefault(Fields.V1.queryLong(ctx, "max_bytes"), FetchLimits.DEFAULT_MAX_BYTES),
            orDefault(Fields.V1.queryLong(ctx, "timeout_ms"), 0));
    RecordFormat format = RecordFormat.parse("query parameter 'format'", ctx.queryParam("format"));
    Set<Compression> codecs = RecordBatchAccept.codecs(ctx.header("Accept"));
    if (codecs != null) {
      RecordBatchAnswers.writeFetch(
          ctx,
          answers,
          broker.fetchService().fetchBatches(topic, partition, offset, limits, codecs));
      return;
    }
    FetchResult r = broker.fetchService().fetch(topic, partition, offset, limits);
    answers.write(ctx, "application/json", fetchBody(topic, partition, r, format));
  }

  private void offsets(Context ctx) {
    String topic = ctx.pathParam("topic");
    int partition = Fields.V1.pathInt(ctx, "partition");
    String at = ctx.queryParam("at");
    OffsetSpec spec;
    if (at == null || at.equals("latest")) {
      spec = new OffsetSpec.Latest();
    } else if (at.equals("earliest")) {
      spec = new OffsetSpec.Earliest();
    } else {
      try {
        spec = new OffsetSpec.AtTimestamp(Long.parseLong(at));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(
            "query parameter 'at' must be earliest, latest or a timestamp in ms, was '" + at + "'");
      }
    }
    ListedOffset o = broker.fetchService().offset(topic, partition, spec);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("offset", o.offset());
    out.put("timestamp", o.timestamp().isPresent() ? o.timestamp().getAsLong() : null);
    Json.write(ctx, out);
  }

  private static long orDefault(Long value, long otherwise) {
    return value == null ? otherwise : value;
  }

  /** Config values as the log manager takes them: strings, numbers written as text. */
  private static Map<String, String> configs(ObjectNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    node.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (v.isTextual()) {
                out.put(e.getKey(), v.textValue());
              } else if (v.isIntegralNumber()) {
                out.put(e.getKey(), v.asText());
              } else {
                throw new InvalidConfigException(
                    "config '"
                        + e.getKey()
                        + "' must be a string or a whole number, not "
                        + Fields.describe(v));
              }
            });
    return out;
  }

  private static Map<String, Object> description(TopicDescription d) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (PartitionState p : d.partitions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("partition", p.partition());
      m.put("log_start_offset", p.logStartOffset());
      m.put("high_watermark", p.highWatermark());
      m.put("size_bytes", p.sizeBytes());
      m.put("segments", p.segments());
      partitions.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", d.name());
    out.put("topic_id", d.topicId());
    out.put("configs", d.configs());
    out.put("partitions", partitions);
    return out;
  }

  /**
   * The fetch answer, streamed: records may be many, and per-record maps would be garbage. Each
   * record as {@link RecordJson} writes it.
   */
  private static byte[] fetchBody(String topic, int partition, FetchResult r, RecordFormat format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeArrayFieldStart("records");
      for (LogRecord rec : r.records()) {
        RecordJson.write(g, topic, partition, rec, format);
      }
      g.writeEndArray();
      g.writeNumberField("next_offset", r.nextOffset());
      g.writeNumberField("high_watermark", r.highWatermark());
      g.writeNumberField("log_start_offset", r.logStartOffset());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }
}
