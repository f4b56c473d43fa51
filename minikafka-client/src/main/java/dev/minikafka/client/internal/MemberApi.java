package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.ConsumerRecord;
import dev.minikafka.client.OffsetAndMetadata;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group member's side of the {@code /v1} API: join, poll, commit, seek, leave, each mapped
 * between JSON and the SDK's types. Holds no membership state (the consumer does). Thread-safe.
 */
public final class MemberApi {
  /** The most records the broker answers one poll with ({@code max_records} at most). */
  public static final int MAX_RECORDS_PER_POLL = 10_000;

  /**
   * What the broker said about the member's place in the group.
   *
   * @param memberId the member's id
   * @param generation the group generation the member is in
   * @param assignment the partitions the member owns now
   */
  public record Membership(String memberId, int generation, Set<TopicPartition> assignment) {}

  /**
   * A poll's answer.
   *
   * @param pollId its number among the member's answers, to quote as the next poll's {@code
   *     lastPollId}; -1 when the broker gives none
   * @param generation the member's generation
   * @param assignment the partitions it owns now
   * @param runs the records in the broker's order, cut where the partition changes
   * @param more whether the broker may hold more records for the member right now; false only when
   *     the answer shows that it caught up (see {@link #caughtUp})
   */
  public record Polled(
      long pollId, int generation, Set<TopicPartition> assignment, List<Run> runs, boolean more) {}

  /**
   * Records of one partition that come one after the other in an answer: a consumer buffers,
   * filters and hands them out per run, not per record.
   *
   * @param partition where the records are stored
   * @param records at least one record, in offset order
   */
  public record Run(TopicPartition partition, List<ConsumerRecord> records) {}

  /**
   * The settings a member joins with.
   *
   * @param topics the subscribed topics
   * @param assignor the assignor's wire name, or null for the group's (or broker's) choice
   * @param sessionTimeout how long the broker waits for a poll before evicting the member
   * @param autoOffsetReset {@code earliest} or {@code latest}
   * @param autoCommit whether each poll commits the positions of the previous one
   * @param clientId a name for the member, or null
   */
  public record JoinRequest(
      Collection<String> topics,
      String assignor,
      Duration sessionTimeout,
      String autoOffsetReset,
      boolean autoCommit,
      String clientId) {}

  private final Transport transport;
  private final Duration requestTimeout;
  private final String groupPath;
  private final boolean recordBatches;

  /**
   * The member API of group {@code groupId}.
   *
   * @param recordBatches whether polls ask for record batches (else JSON)
   */
  public MemberApi(
      Transport transport, Duration requestTimeout, String groupId, boolean recordBatches) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.groupPath = "/v1/groups/" + WireJson.segment(groupId);
    this.recordBatches = recordBatches;
  }

  /** {@code POST /v1/groups/{group}/members}. */
  public Membership join(JoinRequest request) {
    ObjectNode body = WireJson.object();
    ArrayNode topics = body.putArray("topics");
    request.topics().forEach(topics::add);
    if (request.assignor() != null) {
      body.put("assignor", request.assignor());
    }
    body.put("session_timeout_ms", request.sessionTimeout().toMillis());
    body.put("auto_offset_reset", request.autoOffsetReset());
    body.put("auto_commit", request.autoCommit());
    if (request.clientId() != null) {
      body.put("client_id", request.clientId());
    }
    JsonNode answer = transport.send("POST", groupPath + "/members", body, requestTimeout);
    return new Membership(
        WireJson.text(answer, "member_id"),
        WireJson.intField(answer, "generation"),
        partitions(answer.path("assignment")));
  }

  /**
   * {@code POST .../poll}: waits up to {@code wait} for records, so the request may take that much
   * longer than the request timeout. Asking for record batches, the answer holds whole batches, so
   * it may hold more than {@code maxRecords} records; {@code maxBytes} then counts stored batch
   * bytes.
   *
   * @param lastPollId the {@link Polled#pollId()} of the last answer the member received (0: none
   *     since it joined), so that the broker returns the records of an answer lost on its way
   *     again; negative to say nothing
   */
  public Polled poll(
      String memberId, long lastPollId, Duration wait, int maxRecords, int maxBytes) {
    ObjectNode body = WireJson.object();
    body.put("timeout_ms", wait.toMillis());
    body.put("max_records", maxRecords);
    body.put("max_bytes", maxBytes);
    body.put("format", "base64");
    if (lastPollId >= 0) {
      body.put("last_poll_id", lastPollId);
    }
    String path = memberPath(memberId) + "/poll";
    Duration timeout = requestTimeout.plus(wait);
    if (!recordBatches) {
      return polled(transport.send("POST", path, body, timeout));
    }
    Transport.RawAnswer raw =
        transport.exchange("POST", path, body, RecordBatchAnswer.ACCEPT, timeout);
    if (!RecordBatchAnswer.isRecordBatches(raw.contentType())) {
      // A broker without the record-batch form answers JSON.
      return polled(WireJson.parse(raw.body(), "a poll"));
    }
    RecordBatchAnswer answer = RecordBatchAnswer.parse(raw.body());
    List<Run> runs = new ArrayList<>(answer.partitions().size());
    for (RecordBatchAnswer.Section section : answer.partitions()) {
      if (!section.records().isEmpty()) {
        runs.add(new Run(section.partition(), section.records()));
      }
    }
    return new Polled(
        pollId(answer.metadata()),
        WireJson.intField(answer.metadata(), "generation"),
        partitions(answer.metadata().path("assignment")),
        runs,
        !caughtUp(answer, maxRecords, maxBytes));
  }

  /**
   * Whether a record-batch answer shows that the member has read all there is: every partition it
   * read from is at its high watermark, and the answer stayed well within {@code maxRecords} and
   * {@code maxBytes}, so the broker did not stop before a partition it had not read yet (an answer
   * at least half full might have: batches are never cut, so the next one may not have fitted). A
   * wrong "no" costs a consumer one request sent ahead in vain; a wrong "yes" one request not sent
   * ahead, never a record.
   */
  static boolean caughtUp(RecordBatchAnswer answer, int maxRecords, int maxBytes) {
    long records = 0;
    long bytes = 0;
    for (RecordBatchAnswer.Section section : answer.partitions()) {
      if (section.nextOffset() < section.highWatermark()) {
        return false;
      }
      records += section.nextOffset() - section.fetchOffset();
      bytes += section.bytes();
    }
    return records * 2 < maxRecords && bytes * 2 < maxBytes;
  }

  private static Polled polled(JsonNode answer) {
    return new Polled(
        pollId(answer),
        WireJson.intField(answer, "generation"),
        partitions(answer.path("assignment")),
        runs(records(answer.path("records"))),
        // A JSON answer holds no high watermarks: assume there is more.
        true);
  }

  /** {@code records} cut into runs where the partition changes. */
  static List<Run> runs(List<ConsumerRecord> records) {
    List<Run> runs = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= records.size(); i++) {
      ConsumerRecord first = records.get(from);
      if (i == records.size()
          || records.get(i).partition() != first.partition()
          || !records.get(i).topic().equals(first.topic())) {
        runs.add(new Run(first.topicPartition(), records.subList(from, i)));
        from = i;
      }
    }
    return runs;
  }

  /** The answer's {@code poll_id}, or -1 from a broker that numbers no answers. */
  private static long pollId(JsonNode answer) {
    JsonNode id = answer.path("poll_id");
    return id.canConvertToLong() && id.asLong() > 0 ? id.asLong() : -1;
  }

  /**
   * {@code POST .../commit}: the given offsets, or the member's current positions when {@code
   * offsets} is empty.
   */
  public void commit(
      String memberId, int generation, Map<TopicPartition, OffsetAndMetadata> offsets) {
    ObjectNode body = WireJson.object();
    body.put("generation", generation);
    if (!offsets.isEmpty()) {
      ArrayNode list = body.putArray("offsets");
      offsets.forEach(
          (tp, om) -> {
            ObjectNode o = list.addObject();
            o.put("topic", tp.topic());
            o.put("partition", tp.partition());
            o.put("offset", om.offset());
            if (om.metadata() != null) {
              o.put("metadata", om.metadata());
            }
          });
    }
    transport.send("POST", memberPath(memberId) + "/commit", body, requestTimeout);
  }

  /**
   * {@code POST .../seek} to an offset; returns the positions the broker reports (empty if its
   * answer has none).
   */
  public Map<TopicPartition, Long> seek(String memberId, TopicPartition tp, long offset) {
    ObjectNode body = WireJson.object();
    ObjectNode p = body.putArray("partitions").addObject();
    p.put("topic", tp.topic());
    p.put("partition", tp.partition());
    p.put("offset", offset);
    return positions(transport.send("POST", memberPath(memberId) + "/seek", body, requestTimeout));
  }

  /**
   * {@code POST .../seek} to {@code "beginning"} or {@code "end"} of each partition; returns the
   * positions the broker reports (empty if its answer has none).
   */
  public Map<TopicPartition, Long> seekTo(
      String memberId, Collection<TopicPartition> partitions, String to) {
    ObjectNode body = WireJson.object();
    ArrayNode list = body.putArray("partitions");
    for (TopicPartition tp : partitions) {
      ObjectNode p = list.addObject();
      p.put("topic", tp.topic());
      p.put("partition", tp.partition());
      p.put("to", to);
    }
    return positions(transport.send("POST", memberPath(memberId) + "/seek", body, requestTimeout));
  }

  private static Map<TopicPartition, Long> positions(JsonNode answer) {
    Map<TopicPartition, Long> out = new java.util.LinkedHashMap<>();
    for (JsonNode p : answer.path("positions")) {
      out.put(
          new TopicPartition(WireJson.text(p, "topic"), WireJson.intField(p, "partition")),
          WireJson.longField(p, "offset"));
    }
    return out;
  }

  /** {@code DELETE .../members/{member}}. */
  public void leave(String memberId) {
    transport.send("DELETE", memberPath(memberId), null, requestTimeout);
  }

  private String memberPath(String memberId) {
    return groupPath + "/members/" + WireJson.segment(memberId);
  }

  /** A list of {@code {topic, partition}}, in the broker's order. */
  static Set<TopicPartition> partitions(JsonNode list) {
    Set<TopicPartition> out = new LinkedHashSet<>();
    if (list.isArray()) {
      for (JsonNode p : list) {
        out.add(new TopicPartition(WireJson.text(p, "topic"), WireJson.intField(p, "partition")));
      }
    }
    return out;
  }

  /** Records in base64 format. */
  public static List<ConsumerRecord> records(JsonNode list) {
    if (!list.isArray()) {
      return List.of();
    }
    List<ConsumerRecord> out = new ArrayList<>(list.size());
    for (JsonNode r : list) {
      Long ts = WireJson.optionalLong(r, "timestamp");
      out.add(
          new ConsumerRecord(
              WireJson.text(r, "topic"),
              WireJson.intField(r, "partition"),
              WireJson.longField(r, "offset"),
              ts == null ? -1 : ts,
              WireJson.fromBase64(r.get("key"), "key"),
              WireJson.fromBase64(r.get("value"), "value"),
              WireJson.headers(r)));
    }
    return out;
  }
}
