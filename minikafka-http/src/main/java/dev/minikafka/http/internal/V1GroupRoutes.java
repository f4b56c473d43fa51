package dev.minikafka.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.broker.groups.Assignor;
import dev.minikafka.broker.groups.GroupCoordinator;
import dev.minikafka.broker.groups.GroupDescription;
import dev.minikafka.broker.groups.GroupSummary;
import dev.minikafka.broker.groups.JoinRequest;
import dev.minikafka.broker.groups.JoinResult;
import dev.minikafka.broker.groups.MemberDescription;
import dev.minikafka.broker.groups.OffsetCommit;
import dev.minikafka.broker.groups.OffsetReset;
import dev.minikafka.broker.groups.OffsetSpec;
import dev.minikafka.broker.groups.PartitionOffset;
import dev.minikafka.broker.groups.PartitionSeek;
import dev.minikafka.broker.groups.PollRequest;
import dev.minikafka.broker.groups.PollResult;
import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.storage.record.Compression;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The consumer-group routes of the {@code /v1} API ({@code docs/api-v1.md}, "Consumer groups"):
 * join, poll, commit, seek and leave for members; list, describe, offset reset and delete for
 * operators. Parses and checks request bodies (unknown fields, types, the documented limits), calls
 * the broker's {@link GroupCoordinator}, and writes its answers as JSON.
 *
 * <p>Thread-safety: stateless apart from the coordinator, which is thread-safe.
 */
public final class V1GroupRoutes {
  private static final String GROUP = "/v1/groups/{group}";
  private static final String MEMBER = GROUP + "/members/{member}";
  private static final long DEFAULT_POLL_TIMEOUT_MS = 1000;
  private static final long DEFAULT_MAX_RECORDS = 500;
  private static final long DEFAULT_MAX_BYTES = 1 << 20;

  private final GroupCoordinator groups;
  private final int maxBodyBytes;
  private final AnswerBudget answers;

  /** Routes for {@code groups}, refusing bodies over {@code maxBodyBytes}. */
  public V1GroupRoutes(GroupCoordinator groups, int maxBodyBytes, AnswerBudget answers) {
    this.answers = answers;
    this.groups = groups;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    routes.get("/v1/groups", this::list);
    routes.get(GROUP, this::describe);
    routes.delete(GROUP, this::delete);
    routes.post(GROUP + "/offsets/reset", this::reset);
    routes.post(GROUP + "/members", this::join);
    routes.post(MEMBER + "/poll", this::poll);
    routes.post(MEMBER + "/commit", this::commit);
    routes.post(MEMBER + "/seek", this::seek);
    routes.delete(MEMBER, this::leave);
  }

  private void join(Context ctx) {
    ObjectNode body = body(ctx, false);
    allowOnly(
        body,
        "topics",
        "assignor",
        "session_timeout_ms",
        "auto_offset_reset",
        "auto_commit",
        "client_id");
    List<String> topics = stringList(body, "topics");
    String assignor = Fields.V1.optionalString(body, "", "assignor");
    Long session = wholeNumber(body, "session_timeout_ms");
    String reset = Fields.V1.optionalString(body, "", "auto_offset_reset");
    Boolean autoCommit = bool(body, "auto_commit");
    JoinResult r =
        groups.join(
            ctx.pathParam("group"),
            new JoinRequest(
                topics,
                assignor == null ? null : Assignor.parse(assignor),
                session == null ? GroupCoordinator.DEFAULT_SESSION_TIMEOUT_MS : session,
                reset == null ? OffsetReset.LATEST : OffsetReset.parse(reset),
                autoCommit != null && autoCommit,
                Fields.V1.optionalString(body, "", "client_id")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("member_id", r.memberId());
    out.put("generation", r.generation());
    out.put("assignment", partitions(r.assignment()));
    out.put("assignor", r.assignor().id());
    out.put("session_timeout_ms", r.sessionTimeoutMs());
    Json.write(ctx, out);
  }

  private void poll(Context ctx) {
    ObjectNode body = body(ctx, true);
    allowOnly(body, "timeout_ms", "max_records", "max_bytes", "format", "last_poll_id");
    Long timeout = wholeNumber(body, "timeout_ms");
    Long maxRecords = wholeNumber(body, "max_records");
    Long maxBytes = wholeNumber(body, "max_bytes");
    Long lastPollId = wholeNumber(body, "last_poll_id");
    String format = Fields.V1.optionalString(body, "", "format");
    RecordFormat f =
        format != null
            ? RecordFormat.parse("format", format)
            : RecordFormat.parse("query parameter 'format'", ctx.queryParam("format"));
    PollRequest request =
        new PollRequest(
            timeout == null ? DEFAULT_POLL_TIMEOUT_MS : timeout,
            maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords,
            maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes,
            present(lastPollId));
    Set<Compression> codecs = RecordBatchAccept.codecs(ctx.header("Accept"));
    if (codecs != null) {
      RecordBatchAnswers.writePoll(
          ctx,
          answers,
          groups.pollBatches(ctx.pathParam("group"), ctx.pathParam("member"), request, codecs));
      return;
    }
    PollResult r = groups.poll(ctx.pathParam("group"), ctx.pathParam("member"), request);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("poll_id", r.pollId());
    out.put("generation", r.generation());
    out.put("assignment", partitions(r.assignment()));
    out.put("added", partitions(r.added()));
    out.put("revoked", partitions(r.revoked()));
    out.put("records", RecordJson.array(r.records(), f));
    answers.write(ctx, "application/json", Json.bytes(out));
  }

  private void commit(Context ctx) {
    ObjectNode body = body(ctx, true);
    allowOnly(body, "generation", "offsets");
    Long generation = wholeNumber(body, "generation");
    if (generation != null && (generation < 0 || generation > Integer.MAX_VALUE)) {
      throw new InvalidRequestException("generation must be between 0 and 2^31-1");
    }
    List<OffsetCommit> offsets = new ArrayList<>();
    JsonNode list = body.get("offsets");
    if (list != null && !list.isNull()) {
      int i = 0;
      for (ObjectNode o : objects(list, "offsets")) {
        String at = "offsets[" + i++ + "]";
        allowOnlyIn(o, at, "topic", "partition", "offset", "metadata");
        TopicPartition tp = partition(o, at);
        offsets.add(
            new OffsetCommit(
                tp, requiredWhole(o, at + ".offset"), Fields.V1.optionalString(o, "", "metadata")));
      }
      if (offsets.isEmpty()) {
        throw new InvalidRequestException(
            "offsets is empty; leave it out to commit the current positions");
      }
    }
    List<OffsetCommit> done =
        groups.commit(
            ctx.pathParam("group"),
            ctx.pathParam("member"),
            generation == null ? null : generation.intValue(),
            offsets);
    List<Map<String, Object>> out = new ArrayList<>();
    for (OffsetCommit c : done) {
      Map<String, Object> m = partition(c.partition());
      m.put("offset", c.offset());
      m.put("metadata", c.metadata());
      out.add(m);
    }
    Json.write(ctx, Map.of("offsets", out));
  }

  private void seek(Context ctx) {
    ObjectNode body = body(ctx, false);
    allowOnly(body, "partitions");
    JsonNode list = body.get("partitions");
    if (list == null || list.isNull()) {
      throw Fields.V1.invalid("partitions", "is required");
    }
    List<PartitionSeek> seeks = new ArrayList<>();
    int i = 0;
    for (ObjectNode o : objects(list, "partitions")) {
      String at = "partitions[" + i++ + "]";
      allowOnlyIn(o, at, "topic", "partition", "offset", "timestamp", "to");
      seeks.add(new PartitionSeek(partition(o, at), seekTarget(o, at)));
    }
    if (seeks.isEmpty()) {
      throw new InvalidRequestException("partitions is empty; name at least one");
    }
    List<OffsetCommit> moved = groups.seek(ctx.pathParam("group"), ctx.pathParam("member"), seeks);
    List<Map<String, Object>> out = new ArrayList<>();
    for (OffsetCommit c : moved) {
      Map<String, Object> m = partition(c.partition());
      m.put("offset", c.offset());
      out.add(m);
    }
    Json.write(ctx, Map.of("positions", out));
  }

  private static OffsetSpec seekTarget(ObjectNode o, String at) {
    Long offset = wholeNumber(o, "offset", at + ".offset");
    Long timestamp = wholeNumber(o, "timestamp", at + ".timestamp");
    String to = Fields.V1.optionalString(o, "", "to");
    int given = (offset != null ? 1 : 0) + (timestamp != null ? 1 : 0) + (to != null ? 1 : 0);
    if (given != 1) {
      throw new InvalidRequestException(
          at + " needs exactly one of offset, timestamp or to (beginning or end)");
    }
    if (offset != null) {
      return new OffsetSpec.At(offset);
    }
    if (timestamp != null) {
      return new OffsetSpec.AtTimestamp(timestamp);
    }
    return switch (to) {
      case "beginning" -> new OffsetSpec.Earliest();
      case "end" -> new OffsetSpec.Latest();
      default ->
          throw new InvalidRequestException(at + ".to must be beginning or end, was '" + to + "'");
    };
  }

  private void leave(Context ctx) {
    Long lastPollId = Fields.V1.queryLong(ctx, "last_poll_id");
    groups.leave(ctx.pathParam("group"), ctx.pathParam("member"), present(lastPollId));
    ctx.status(204);
  }

  private void list(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GroupSummary s : groups.list()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group", s.group());
      m.put("state", s.state().name());
      m.put("member_count", s.members());
      m.put("assignor", s.assignor() == null ? null : s.assignor().id());
      m.put("classroom", s.classroom());
      out.add(m);
    }
    Json.write(ctx, Map.of("groups", out));
  }

  private void describe(Context ctx) {
    GroupDescription d = groups.describe(ctx.pathParam("group"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("group", d.group());
    out.put("state", d.state().name());
    out.put("generation", d.generation());
    out.put("assignor", d.assignor() == null ? null : d.assignor().id());
    List<Map<String, Object>> members = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("member_id", m.memberId());
      mm.put("client_id", m.clientId());
      mm.put("topics", m.topics());
      mm.put("assignment", partitions(m.assignment()));
      mm.put("last_poll_ms_ago", m.lastPollMsAgo());
      members.add(mm);
    }
    out.put("members", members);
    List<Map<String, Object>> offsets = new ArrayList<>();
    for (PartitionOffset p : d.offsets()) {
      Map<String, Object> pm = partition(p.partition());
      pm.put("committed", p.committed());
      pm.put("metadata", p.metadata());
      pm.put("high_watermark", p.highWatermark());
      pm.put("lag", p.lag());
      offsets.add(pm);
    }
    out.put("offsets", offsets);
    Json.write(ctx, out);
  }

  private void reset(Context ctx) {
    ObjectNode body = body(ctx, false);
    allowOnly(body, "topic", "to", "partitions");
    String topic = Fields.V1.requiredString(body, "", "topic");
    OffsetSpec to = resetTarget(body.get("to"));
    List<Integer> partitions = null;
    JsonNode ps = body.get("partitions");
    if (ps != null && !ps.isNull()) {
      if (!ps.isArray() || ps.isEmpty()) {
        throw new InvalidRequestException(
            "partitions must be a non-empty array of partition numbers; leave it out for all");
      }
      partitions = new ArrayList<>();
      for (JsonNode p : ps) {
        if (!p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 0) {
          throw new InvalidRequestException(
              "partitions must hold partition numbers (0 or more), found " + p);
        }
        partitions.add(p.intValue());
      }
    }
    List<OffsetCommit> done = groups.resetOffsets(ctx.pathParam("group"), topic, partitions, to);
    List<Map<String, Object>> out = new ArrayList<>();
    for (OffsetCommit c : done) {
      Map<String, Object> m = partition(c.partition());
      m.put("offset", c.offset());
      out.add(m);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("group", ctx.pathParam("group"));
    answer.put("offsets", out);
    Json.write(ctx, answer);
  }

  private static OffsetSpec resetTarget(JsonNode to) {
    if (to == null || to.isNull()) {
      throw Fields.V1.invalid("to", "is required");
    }
    if (to.isTextual()) {
      return switch (to.textValue()) {
        case "earliest" -> new OffsetSpec.Earliest();
        case "latest" -> new OffsetSpec.Latest();
        default ->
            throw new InvalidRequestException(
                "to must be \"earliest\", \"latest\", {\"offset\": N} or {\"timestamp\": T}, was '"
                    + to.textValue()
                    + "'");
      };
    }
    if (to.isObject() && to.size() == 1) {
      ObjectNode o = (ObjectNode) to;
      if (o.has("offset")) {
        return new OffsetSpec.At(requiredWhole(o, "to.offset"));
      }
      if (o.has("timestamp")) {
        return new OffsetSpec.AtTimestamp(requiredWhole(o, "to.timestamp"));
      }
    }
    throw new InvalidRequestException(
        "to must be \"earliest\", \"latest\", {\"offset\": N} or {\"timestamp\": T}");
  }

  private void delete(Context ctx) {
    groups.delete(ctx.pathParam("group"));
    ctx.status(204);
  }

  // --- request parsing -----------------------------------------------------------------------

  /** The body as an object; with {@code mayBeEmpty}, no body at all reads as {@code {}}. */
  private ObjectNode body(Context ctx, boolean mayBeEmpty) {
    return V1Fields.readObject(ctx, maxBodyBytes, mayBeEmpty);
  }

  private static void allowOnly(ObjectNode o, String... fields) {
    allowOnlyIn(o, "the request body", fields);
  }

  private static void allowOnlyIn(ObjectNode o, String where, String... fields) {
    Set<String> known = Set.of(fields);
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new InvalidRequestException(
            "unknown field '" + f + "' in " + where + "; known are " + String.join(", ", fields));
      }
    }
  }

  /** {@code value} as an optional: empty when the parameter was not given (null). */
  private static OptionalLong present(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static Long wholeNumber(ObjectNode o, String field) {
    return wholeNumber(o, field, field);
  }

  /**
   * A field that may be absent or null, else a whole number; written {@code 1e9} or {@code 1000.0}
   * it still counts, so that the range check, not the type check, answers.
   */
  private static Long wholeNumber(ObjectNode o, String field, String name) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isFloatingPointNumber()) {
      double d = v.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p62) {
        return (long) d;
      }
      if (d == Math.rint(d)) {
        throw new InvalidRequestException(name + " is out of range, was " + v.asText());
      }
    }
    throw Fields.V1.invalid(name, "must be a whole number, not " + v);
  }

  private static long requiredWhole(ObjectNode o, String name) {
    String field = name.substring(name.lastIndexOf('.') + 1);
    Long v = wholeNumber(o, field, name);
    if (v == null) {
      throw Fields.V1.invalid(name, "is required");
    }
    return v;
  }

  private static Boolean bool(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw Fields.V1.invalid(field, "must be true or false");
    }
    return v.booleanValue();
  }

  private static List<String> stringList(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw Fields.V1.invalid(field, "is required");
    }
    if (!v.isArray()) {
      throw Fields.V1.invalid(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw Fields.V1.invalid(field, "must hold only strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static List<ObjectNode> objects(JsonNode list, String field) {
    if (!list.isArray()) {
      throw Fields.V1.invalid(field, "must be an array of objects");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode e : list) {
      if (!e.isObject()) {
        throw Fields.V1.invalid(field, "must hold only objects");
      }
      out.add((ObjectNode) e);
    }
    return out;
  }

  /** {@code topic} and {@code partition} of an entry, checked before they make a partition. */
  private static TopicPartition partition(ObjectNode o, String at) {
    String topic = Fields.V1.optionalString(o, "", "topic");
    if (topic == null) {
      throw Fields.V1.invalid(at + ".topic", "is required");
    }
    long p = requiredWhole(o, at + ".partition");
    if (p < 0 || p > Integer.MAX_VALUE) {
      throw new InvalidRequestException(at + ".partition must be 0 or more, was " + p);
    }
    TopicNames.validate(topic);
    return new TopicPartition(topic, (int) p);
  }

  private static Map<String, Object> partition(TopicPartition tp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", tp.topic());
    m.put("partition", tp.partition());
    return m;
  }

  private static List<Map<String, Object>> partitions(List<TopicPartition> tps) {
    List<Map<String, Object>> out = new ArrayList<>(tps.size());
    for (TopicPartition tp : tps) {
      out.add(partition(tp));
    }
    return out;
  }
}
