package dev.minikafka.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minikafka.client.GroupDescription;
import dev.minikafka.client.GroupListing;
import dev.minikafka.client.ListedOffset;
import dev.minikafka.client.NewTopic;
import dev.minikafka.client.OffsetSpec;
import dev.minikafka.client.TopicDescription;
import dev.minikafka.client.TopicListing;
import dev.minikafka.core.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The topic and group administration routes of {@code /v1}, mapped between JSON and the SDK's
 * types. Thread-safe.
 */
public final class AdminApi {
  private final Transport transport;
  private final Duration timeout;

  /** Calls through {@code transport}, each call bounded by {@code timeout}. */
  public AdminApi(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
  }

  /** {@code POST /v1/topics}. */
  public TopicDescription createTopic(NewTopic topic) {
    ObjectNode body = WireJson.object();
    body.put("name", topic.name());
    body.put("partitions", topic.partitions());
    ObjectNode configs = body.putObject("configs");
    topic.configs().forEach(configs::put);
    return topicDescription(transport.send("POST", "/v1/topics", body, timeout));
  }

  /** {@code GET /v1/topics}. */
  public List<TopicListing> listTopics() {
    JsonNode answer = transport.send("GET", "/v1/topics", null, timeout);
    List<TopicListing> out = new ArrayList<>();
    for (JsonNode t : answer.path("topics")) {
      out.add(new TopicListing(WireJson.text(t, "name"), TopicMetadata.partitionCount(t)));
    }
    return out;
  }

  /** {@code GET /v1/topics/{topic}}. */
  public TopicDescription describeTopic(String topic) {
    return topicDescription(transport.send("GET", topicPath(topic), null, timeout));
  }

  /** {@code PATCH /v1/topics/{topic}/configs}. */
  public void alterConfigs(String topic, Map<String, String> configs) {
    ObjectNode body = WireJson.object();
    ObjectNode c = body.putObject("configs");
    configs.forEach(c::put);
    transport.send("PATCH", topicPath(topic) + "/configs", body, timeout);
  }

  /** {@code POST /v1/topics/{topic}/partitions} with the new total. */
  public void addPartitions(String topic, int newTotal) {
    ObjectNode body = WireJson.object();
    body.put("count", newTotal);
    transport.send("POST", topicPath(topic) + "/partitions", body, timeout);
  }

  /** {@code DELETE /v1/topics/{topic}}. */
  public void deleteTopic(String topic) {
    transport.send("DELETE", topicPath(topic), null, timeout);
  }

  /** {@code GET /v1/topics/{topic}/partitions/{p}/offsets?at=}. */
  public ListedOffset listOffset(TopicPartition tp, OffsetSpec spec) {
    String at =
        switch (spec) {
          case OffsetSpec.Earliest e -> "earliest";
          case OffsetSpec.Latest l -> "latest";
          case OffsetSpec.ForTimestamp t -> Long.toString(t.epochMillis());
          case OffsetSpec.Exact x ->
              throw new IllegalArgumentException(
                  "an exact offset is not a lookup; use earliest, latest or a timestamp");
        };
    JsonNode answer =
        transport.send(
            "GET",
            topicPath(tp.topic()) + "/partitions/" + tp.partition() + "/offsets?at=" + at,
            null,
            timeout);
    return new ListedOffset(
        WireJson.longField(answer, "offset"), WireJson.optionalLong(answer, "timestamp"));
  }

  /** {@code GET /v1/groups}. */
  public List<GroupListing> listGroups() {
    JsonNode answer = transport.send("GET", "/v1/groups", null, timeout);
    List<GroupListing> out = new ArrayList<>();
    for (JsonNode g : answer.path("groups")) {
      out.add(
          new GroupListing(
              groupId(g),
              WireJson.optionalText(g, "state"),
              memberCount(g),
              WireJson.optionalText(g, "assignor")));
    }
    return out;
  }

  /** {@code GET /v1/groups/{group}}. */
  public GroupDescription describeGroup(String group) {
    JsonNode g = transport.send("GET", groupPath(group), null, timeout);
    List<GroupDescription.Member> members = new ArrayList<>();
    for (JsonNode m : g.path("members")) {
      List<String> topics = new ArrayList<>();
      m.path("topics").forEach(t -> topics.add(t.asText()));
      members.add(
          new GroupDescription.Member(
              WireJson.text(m, "member_id"),
              WireJson.optionalText(m, "client_id"),
              topics,
              MemberApi.partitions(m.path("assignment"))));
    }
    Map<TopicPartition, GroupDescription.CommittedOffset> offsets = new LinkedHashMap<>();
    for (JsonNode o : g.path("offsets")) {
      TopicPartition tp =
          new TopicPartition(WireJson.text(o, "topic"), WireJson.intField(o, "partition"));
      offsets.put(
          tp,
          new GroupDescription.CommittedOffset(
              tp,
              optional(WireJson.optionalLong(o, "committed")),
              WireJson.optionalText(o, "metadata"),
              WireJson.longField(o, "high_watermark"),
              optional(WireJson.optionalLong(o, "lag"))));
    }
    return new GroupDescription(
        groupId(g),
        WireJson.optionalText(g, "state"),
        g.path("generation").asInt(0),
        WireJson.optionalText(g, "assignor"),
        members,
        offsets);
  }

  /**
   * {@code POST /v1/groups/{group}/offsets/reset}; all partitions when {@code partitions} is empty.
   */
  public void resetOffsets(
      String group, String topic, OffsetSpec to, Collection<Integer> partitions) {
    ObjectNode body = WireJson.object();
    body.put("topic", topic);
    switch (to) {
      case OffsetSpec.Earliest e -> body.put("to", "earliest");
      case OffsetSpec.Latest l -> body.put("to", "latest");
      case OffsetSpec.ForTimestamp t -> body.putObject("to").put("timestamp", t.epochMillis());
      case OffsetSpec.Exact x -> body.putObject("to").put("offset", x.offset());
    }
    if (!partitions.isEmpty()) {
      ArrayNode list = body.putArray("partitions");
      partitions.forEach(list::add);
    }
    transport.send("POST", groupPath(group) + "/offsets/reset", body, timeout);
  }

  /** {@code DELETE /v1/groups/{group}}. */
  public void deleteGroup(String group) {
    transport.send("DELETE", groupPath(group), null, timeout);
  }

  private static TopicDescription topicDescription(JsonNode t) {
    Map<String, String> configs = new LinkedHashMap<>();
    t.path("configs").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
    List<TopicDescription.PartitionDescription> partitions = new ArrayList<>();
    for (JsonNode p : t.path("partitions")) {
      partitions.add(
          new TopicDescription.PartitionDescription(
              WireJson.intField(p, "partition"),
              p.path("log_start_offset").asLong(0),
              p.path("high_watermark").asLong(0),
              p.path("size_bytes").asLong(0),
              p.path("segments").asInt(0)));
    }
    return new TopicDescription(WireJson.text(t, "name"), configs, partitions);
  }

  private static OptionalLong optional(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static String groupId(JsonNode g) {
    for (String field : List.of("group", "group_id", "id")) {
      if (g.path(field).isTextual()) {
        return g.get(field).asText();
      }
    }
    throw WireJson.unexpected("the group lacks its id: " + g);
  }

  private static int memberCount(JsonNode g) {
    JsonNode members = g.path("members");
    if (members.isArray()) {
      return members.size();
    }
    if (members.canConvertToInt()) {
      return members.asInt();
    }
    return g.path("member_count").asInt(0);
  }

  private static String topicPath(String topic) {
    return "/v1/topics/" + WireJson.segment(topic);
  }

  private static String groupPath(String group) {
    return "/v1/groups/" + WireJson.segment(group);
  }
}
