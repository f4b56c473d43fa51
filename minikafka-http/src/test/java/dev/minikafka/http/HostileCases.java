package dev.minikafka.http;

import static dev.minikafka.http.HostileInput.INVALID_GROUP;
import static dev.minikafka.http.HostileInput.INVALID_REQUEST;
import static dev.minikafka.http.HostileInput.INVALID_TOPIC;
import static dev.minikafka.http.HostileInput.MALFORMED_REQUEST_LINE;
import static dev.minikafka.http.HostileInput.TOO_LARGE;
import static dev.minikafka.http.HostileInput.UNKNOWN_GROUP;
import static dev.minikafka.http.HostileInput.UNKNOWN_MEMBER;
import static dev.minikafka.http.HostileInput.UNKNOWN_TOPIC;
import static dev.minikafka.http.HostileInput.quote;

import dev.minikafka.http.HostileInput.Body;
import dev.minikafka.http.HostileInput.Expect;
import dev.minikafka.http.HostileInput.Name;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The table of hostile requests over every route, classroom and {@code /v1}: names that try to
 * leave the data directory or pass for another, malformed and oversized bodies (1 GB streamed
 * without a length among them), numbers out of every range; each with the status and error code it
 * must get. The requests assume {@link HostileClient}'s fixture: topic {@code demo} of two
 * partitions, classroom consumer {@code c}, group {@code g} with a member ({@code {member}} in a
 * path) and an idempotent producer id ({@code {producer}} in a body). Stateless.
 */
public final class HostileCases {
  private HostileCases() {}

  static final String MEMBER_ROUTE = "/v1/groups/g/members/{member}";
  private static final long GIB = 1L << 30;

  /** One request and the answer it must get. */
  public record Case(String label, String method, String path, Body body, Expect expect) {
    @Override
    public String toString() {
      return label + ": " + method + " " + abbreviate(path) + " -> " + expect;
    }

    private static String abbreviate(String s) {
      return s.length() <= 80 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }
  }

  private static Case post(String label, String path, String json, Expect expect) {
    return new Case(label, "POST", path, Body.json(json), expect);
  }

  private static Case get(String label, String path, Expect expect) {
    return new Case(label, "GET", path, new Body.None(), expect);
  }

  private static Case delete(String label, String path, Expect expect) {
    return new Case(label, "DELETE", path, new Body.None(), expect);
  }

  /** Every case. */
  public static Stream<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.addAll(topicNames());
    all.addAll(groupNames());
    all.addAll(bodies());
    all.addAll(numbers());
    return all.stream();
  }

  /** Every route that takes a topic name, with every hostile name. */
  static List<Case> topicNames() {
    List<Case> out = new ArrayList<>();
    for (Name n : HostileInput.names()) {
      String q = quote(n.raw());
      String p = "/v1/topics/" + n.pathSegment();
      Expect inPath = n.raw().indexOf('\0') >= 0 ? MALFORMED_REQUEST_LINE : topicError(n);
      if (n.legalTopic()) {
        // A legal name of no topic: every route that does not create one says it does not exist.
        inPath = UNKNOWN_TOPIC;
      } else {
        out.add(
            post(
                n + " as a classroom topic",
                "/topics/register",
                "{\"topic\":" + q + "}",
                topicError(n)));
        out.add(
            post(
                n + " as a producer's topic",
                "/producers/register",
                "{\"topic\":" + q + "}",
                topicError(n)));
        out.add(
            post(
                n + " as a consumer's topic",
                "/consumers/register",
                "{\"topic\":" + q + ",\"consumer_id\":\"c2\"}",
                topicError(n)));
        out.add(
            post(
                n + " as a produce topic",
                "/produce",
                "{\"topic\":" + q + ",\"value\":\"v\"}",
                topicError(n)));
        out.add(post(n + " as a new topic", "/v1/topics", "{\"name\":" + q + "}", topicError(n)));
        out.add(
            post(
                n + " as a subscribed topic",
                "/v1/groups/g2/members",
                "{\"topics\":[" + q + "]}",
                topicError(n)));
      }
      out.add(
          post(
              n + " as a reset topic",
              "/v1/groups/g3/offsets/reset",
              "{\"topic\":" + q + ",\"to\":\"earliest\"}",
              n.legalTopic() ? UNKNOWN_TOPIC : topicError(n)));
      out.add(get(n + " described", p, inPath));
      out.add(delete(n + " deleted", p, inPath));
      out.add(
          new Case(n + " configs", "PATCH", p + "/configs", Body.json("{\"configs\":{}}"), inPath));
      out.add(post(n + " partitions added", p + "/partitions", "{\"count\":3}", inPath));
      out.add(
          post(n + " produced to", p + "/records", "{\"records\":[{\"value\":\"v\"}]}", inPath));
      out.add(
          new Case(
              n + " batches",
              "POST",
              p + "/partitions/0/batches",
              new Body.Bytes(new byte[70], HostileInput.BATCH_TYPE),
              inPath));
      out.add(get(n + " read", p + "/partitions/0/records?offset=0", inPath));
      out.add(get(n + " offsets", p + "/partitions/0/offsets?at=earliest", inPath));
    }
    return out;
  }

  /** The error for an illegal topic name: Kafka's rule (17), or an internal topic (42). */
  private static Expect topicError(Name n) {
    return n.raw().equals("__consumer_offsets") ? INVALID_REQUEST : INVALID_TOPIC;
  }

  /** Every route that takes a group, consumer or producer id, with every hostile name. */
  static List<Case> groupNames() {
    List<Case> out = new ArrayList<>();
    for (Name n : HostileInput.names()) {
      String q = quote(n.raw());
      String g = "/v1/groups/" + n.pathSegment();
      boolean nul = n.raw().indexOf('\0') >= 0;
      Expect inPath = nul ? MALFORMED_REQUEST_LINE : n.legalGroup() ? UNKNOWN_GROUP : INVALID_GROUP;
      Expect member =
          nul ? MALFORMED_REQUEST_LINE : n.legalGroup() ? UNKNOWN_MEMBER : INVALID_GROUP;
      out.add(get(n + " group described", g, inPath));
      out.add(delete(n + " group deleted", g, inPath));
      if (!n.legalGroup()) {
        out.add(post(n + " group joined", g + "/members", "{\"topics\":[\"demo\"]}", inPath));
        out.add(
            post(
                n + " group reset",
                g + "/offsets/reset",
                "{\"topic\":\"demo\",\"to\":\"earliest\"}",
                inPath));
        out.add(
            post(
                n + " as a consumer id",
                "/consumers/register",
                "{\"topic\":\"demo\",\"consumer_id\":" + q + "}",
                INVALID_REQUEST));
        out.add(
            post(
                n + " as a producer id",
                "/producers/register",
                "{\"topic\":\"demo\",\"producer_id\":" + q + "}",
                INVALID_REQUEST));
        out.add(
            post(
                n + " as a client id",
                "/v1/groups/g2/members",
                "{\"topics\":[\"demo\"],\"client_id\":" + q + "}",
                INVALID_REQUEST));
      }
      out.add(
          post(
              n + " consumed by",
              "/consume",
              "{\"consumer_id\":" + q + "}",
              n.legalGroup() ? UNKNOWN_GROUP : INVALID_REQUEST));
      out.add(post(n + " group, member polls", g + "/members/{member}/poll", "{}", member));
      out.add(post(n + " group, member commits", g + "/members/{member}/commit", "{}", member));
      out.add(
          post(
              n + " group, member seeks",
              g + "/members/{member}/seek",
              "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":0}]}",
              member));
      out.add(delete(n + " group, member leaves", g + "/members/{member}", member));
      out.add(
          post(
              n + " as a member id",
              "/v1/groups/g/members/" + n.pathSegment() + "/poll",
              "{}",
              nul ? MALFORMED_REQUEST_LINE : UNKNOWN_MEMBER));
    }
    return out;
  }

  /** Bodies: too large however sent, not JSON, not UTF-8, too deep, duplicate keys, bad base64. */
  static List<Case> bodies() {
    List<Case> out = new ArrayList<>();
    int limit = HttpServerConfig.DEFAULT_MAX_BODY_BYTES;
    // Every route that reads a body, with a body of each hostile kind.
    List<String[]> bodyRoutes =
        List.of(
            new String[] {"POST", "/topics/register"},
            new String[] {"POST", "/producers/register"},
            new String[] {"POST", "/consumers/register"},
            new String[] {"POST", "/produce"},
            new String[] {"POST", "/consume"},
            new String[] {"POST", "/v1/topics"},
            new String[] {"PATCH", "/v1/topics/demo/configs"},
            new String[] {"POST", "/v1/topics/demo/partitions"},
            new String[] {"POST", "/v1/topics/demo/records"},
            new String[] {"POST", "/v1/groups/g/offsets/reset"},
            new String[] {"POST", "/v1/groups/g2/members"},
            new String[] {"POST", MEMBER_ROUTE + "/poll"},
            new String[] {"POST", MEMBER_ROUTE + "/commit"},
            new String[] {"POST", MEMBER_ROUTE + "/seek"});
    byte[] invalidUtf8 =
        "{\"topic\":\"demo\",\"value\":\"\u00ff\"}".getBytes(StandardCharsets.UTF_8);
    invalidUtf8[invalidUtf8.length - 4] = (byte) 0xC3;
    invalidUtf8[invalidUtf8.length - 3] = (byte) 0x28;
    for (String[] r : bodyRoutes) {
      String m = r[0];
      String path = r[1];
      boolean classroom = !path.startsWith("/v1");
      out.add(
          new Case(
              "10 MB with a length",
              m,
              path,
              new Body.Bytes(new byte[10 << 20], "application/json"),
              TOO_LARGE));
      out.add(
          new Case(
              "limit + 1, chunked",
              m,
              path,
              new Body.Streamed(limit + 1L, "application/json"),
              TOO_LARGE));
      out.add(
          new Case("1 GB chunked", m, path, new Body.Streamed(GIB, "application/json"), TOO_LARGE));
      out.add(new Case("not JSON", m, path, Body.json("{\"topic\": demo"), INVALID_REQUEST));
      out.add(
          new Case(
              "invalid UTF-8",
              m,
              path,
              new Body.Bytes(invalidUtf8, "application/json"),
              INVALID_REQUEST));
      out.add(
          new Case(
              "UTF-16",
              m,
              path,
              new Body.Bytes(
                  "{\"topic\":\"demo\",\"value\":\"v\"}".getBytes(StandardCharsets.UTF_16LE),
                  "application/json"),
              INVALID_REQUEST));
      out.add(
          new Case(
              "UTF-32 with a byte-order mark",
              m,
              path,
              new Body.Bytes(
                  "\uFEFF{\"topic\":\"demo\"}".getBytes(Charset.forName("UTF-32BE")),
                  "application/json"),
              INVALID_REQUEST));
      out.add(
          new Case(
              "nested 100,000 deep",
              m,
              path,
              Body.json("[".repeat(100_000) + "]".repeat(100_000)),
              INVALID_REQUEST));
      out.add(
          new Case(
              "objects nested 100,000 deep",
              m,
              path,
              Body.json("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)),
              INVALID_REQUEST));
      out.add(
          new Case(
              "NaN", m, path, Body.json("{\"timeout_ms\":NaN,\"value\":NaN}"), INVALID_REQUEST));
      out.add(
          new Case(
              "duplicate keys",
              m,
              path,
              Body.json("{\"topic\":\"demo\",\"topic\":\"../x\"}"),
              INVALID_REQUEST));
      out.add(
          new Case(
              "a JSON array",
              m,
              path,
              Body.json("[]"),
              classroom ? new Expect(422, 42) : INVALID_REQUEST));
      out.add(
          new Case(
              "a JSON string",
              m,
              path,
              Body.json("\"demo\""),
              classroom ? new Expect(422, 42) : INVALID_REQUEST));
      out.add(new Case("trailing garbage", m, path, Body.json("{} {}"), INVALID_REQUEST));
    }
    // The binary route reads bytes, not JSON: its own hostile bodies.
    String batches = "/v1/topics/demo/partitions/0/batches";
    out.add(
        new Case(
            "1 GB of batches chunked",
            "POST",
            batches,
            new Body.Streamed(GIB, HostileInput.BATCH_TYPE),
            TOO_LARGE));
    out.add(
        new Case(
            "10 MB of batches",
            "POST",
            batches,
            new Body.Bytes(new byte[10 << 20], HostileInput.BATCH_TYPE),
            TOO_LARGE));
    out.add(
        new Case(
            "no batch",
            "POST",
            batches,
            new Body.Bytes(new byte[0], HostileInput.BATCH_TYPE),
            new Expect(400, 87)));
    out.add(
        new Case(
            "zeros",
            "POST",
            batches,
            new Body.Bytes(new byte[61], HostileInput.BATCH_TYPE),
            new Expect(400, 2)));
    out.add(
        new Case(
            "JSON to batches",
            "POST",
            batches,
            Body.json("{\"records\":[]}"),
            new Expect(415, -1)));
    // Values the JSON routes decode.
    out.add(
        post(
            "bad base64",
            "/v1/topics/demo/records",
            "{\"format\":\"base64\",\"records\":[{\"value\":\"!!!\"}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "bad base64 key",
            "/v1/topics/demo/records",
            "{\"format\":\"base64\",\"records\":[{\"key\":\"a b\",\"value\":\"\"}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "bad base64 header",
            "/v1/topics/demo/records",
            "{\"format\":\"base64\",\"records\":[{\"value\":\"\",\"headers\":[{\"key\":\"h\",\"value\":\"%\"}]}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "unknown format",
            "/v1/topics/demo/records",
            "{\"format\":\"hex\",\"records\":[{\"value\":\"00\"}]}",
            INVALID_REQUEST));
    out.add(post("no records", "/v1/topics/demo/records", "{\"records\":[]}", INVALID_REQUEST));
    out.add(
        post("a null record", "/v1/topics/demo/records", "{\"records\":[null]}", INVALID_REQUEST));
    out.add(
        post(
            "value 1e400",
            "/produce",
            "{\"topic\":\"demo\",\"value\":1e400}",
            new Expect(422, 42)));
    out.add(
        post(
            "value 1e400",
            "/v1/topics/demo/records",
            "{\"records\":[{\"value\":1e400}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "unknown field",
            "/v1/topics/demo/records",
            "{\"records\":[{\"value\":\"v\",\"partiton\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "config 1e400",
            "/v1/topics",
            "{\"name\":\"new\",\"configs\":{\"retention.ms\":1e400}}",
            new Expect(400, 40)));
    out.add(
        post(
            "config NaN as text",
            "/v1/topics",
            "{\"name\":\"new\",\"configs\":{\"retention.ms\":\"NaN\"}}",
            new Expect(400, 40)));
    out.add(
        post(
            "config 2^63",
            "/v1/topics",
            "{\"name\":\"new\",\"configs\":{\"segment.bytes\":\"9223372036854775808\"}}",
            new Expect(400, 40)));
    out.add(
        post(
            "unknown config",
            "/v1/topics",
            "{\"name\":\"new\",\"configs\":{\"../x\":\"1\"}}",
            new Expect(400, 40)));
    out.add(
        post(
            "metadata over 4096",
            MEMBER_ROUTE + "/commit",
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":0,\"metadata\":\""
                + "m".repeat(4097)
                + "\"}]}",
            INVALID_REQUEST));
    return out;
  }

  /** Offsets, partitions, counts, sizes and timeouts outside their ranges, and not whole. */
  static List<Case> numbers() {
    List<Case> out = new ArrayList<>();
    String read = "/v1/topics/demo/partitions/0/records?offset=";
    Expect outOfRange = new Expect(416, 1);
    out.add(get("offset -1", read + "-1", outOfRange));
    out.add(get("offset -2", read + "-2", outOfRange));
    out.add(get("offset 2^63-1", read + Long.MAX_VALUE, outOfRange));
    out.add(get("offset 2^63", read + "9223372036854775808", INVALID_REQUEST));
    out.add(get("offset 1.5", read + "1.5", INVALID_REQUEST));
    out.add(get("offset 1e3", read + "1e3", INVALID_REQUEST));
    out.add(get("offset empty", read, INVALID_REQUEST));
    out.add(get("no offset", "/v1/topics/demo/partitions/0/records", INVALID_REQUEST));
    out.add(get("partition -1", "/v1/topics/demo/partitions/-1/records?offset=0", UNKNOWN_TOPIC));
    out.add(
        get(
            "partition past the end",
            "/v1/topics/demo/partitions/2/records?offset=0",
            UNKNOWN_TOPIC));
    out.add(
        get(
            "partition 2^31",
            "/v1/topics/demo/partitions/2147483648/records?offset=0",
            INVALID_REQUEST));
    out.add(
        get("partition 0.5", "/v1/topics/demo/partitions/0.5/records?offset=0", INVALID_REQUEST));
    out.add(get("max_records 0", read + "0&max_records=0", INVALID_REQUEST));
    out.add(get("max_records 10^6", read + "0&max_records=1000000", INVALID_REQUEST));
    out.add(get("max_bytes 0", read + "0&max_bytes=0", INVALID_REQUEST));
    out.add(get("max_bytes 2^63", read + "0&max_bytes=9223372036854775808", INVALID_REQUEST));
    out.add(get("timeout -1", read + "0&timeout_ms=-1", INVALID_REQUEST));
    out.add(get("timeout a year", read + "0&timeout_ms=31536000000", INVALID_REQUEST));
    out.add(get("timeout 2^63-1", read + "0&timeout_ms=" + Long.MAX_VALUE, INVALID_REQUEST));
    out.add(get("unknown format", read + "0&format=hex", INVALID_REQUEST));
    String offsets = "/v1/topics/demo/partitions/";
    out.add(get("at -1", offsets + "0/offsets?at=-1", INVALID_REQUEST));
    out.add(get("at 1e400", offsets + "0/offsets?at=1e400", INVALID_REQUEST));
    out.add(get("at fraction", offsets + "0/offsets?at=1.5", INVALID_REQUEST));
    out.add(get("offsets of partition -1", offsets + "-1/offsets", UNKNOWN_TOPIC));
    out.add(get("offsets of partition 2", offsets + "2/offsets", UNKNOWN_TOPIC));
    String batches = "/v1/topics/demo/partitions/";
    out.add(
        new Case(
            "batches to partition -1",
            "POST",
            batches + "-1/batches",
            new Body.Bytes(new byte[70], HostileInput.BATCH_TYPE),
            UNKNOWN_TOPIC));
    out.add(
        new Case(
            "batches past the end",
            "POST",
            batches + "2/batches",
            new Body.Bytes(new byte[70], HostileInput.BATCH_TYPE),
            UNKNOWN_TOPIC));
    String produce = "/v1/topics/demo/records";
    out.add(
        post(
            "record partition -1",
            produce,
            "{\"records\":[{\"value\":\"v\",\"partition\":-1}]}",
            UNKNOWN_TOPIC));
    out.add(
        post(
            "record partition past the end",
            produce,
            "{\"records\":[{\"value\":\"v\",\"partition\":2}]}",
            UNKNOWN_TOPIC));
    out.add(
        post(
            "record partition 2^31",
            produce,
            "{\"records\":[{\"value\":\"v\",\"partition\":2147483648}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "record partition 0.5",
            produce,
            "{\"records\":[{\"value\":\"v\",\"partition\":0.5}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "timestamp -1",
            produce,
            "{\"records\":[{\"value\":\"v\",\"timestamp\":-1}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "timestamp 1e400",
            produce,
            "{\"records\":[{\"value\":\"v\",\"timestamp\":1e400}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "timestamp 2^63",
            produce,
            "{\"records\":[{\"value\":\"v\",\"timestamp\":9223372036854775808}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "sequence -1",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":0,\"sequences\":{\"0\":-1},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "sequence 2^31",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":0,\"sequences\":{\"0\":2147483648},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "sequence ahead",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":0,\"sequences\":{\"0\":5},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            new Expect(409, 45)));
    out.add(
        post(
            "sequence of partition -1",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":0,\"sequences\":{\"-1\":0},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "epoch -1",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":-1,\"sequences\":{\"0\":0},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "epoch 2^15",
            produce,
            "{\"producer_id\":{producer},\"producer_epoch\":32768,\"sequences\":{\"0\":0},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "producer id -1",
            produce,
            "{\"producer_id\":-1,\"producer_epoch\":0,\"sequences\":{\"0\":0},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            new Expect(404, 59)));
    out.add(
        post(
            "producer id 2^63",
            produce,
            "{\"producer_id\":9223372036854775808,\"producer_epoch\":0,\"sequences\":{\"0\":0},\"records\":[{\"value\":\"v\",\"partition\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "partitions -1",
            "/v1/topics",
            "{\"name\":\"new\",\"partitions\":-1}",
            new Expect(400, 37)));
    out.add(
        post(
            "partitions 0",
            "/v1/topics",
            "{\"name\":\"new\",\"partitions\":0}",
            new Expect(400, 37)));
    out.add(
        post(
            "partitions 10^6",
            "/v1/topics",
            "{\"name\":\"new\",\"partitions\":1000000}",
            new Expect(400, 37)));
    out.add(
        post(
            "partitions 1e400",
            "/v1/topics",
            "{\"name\":\"new\",\"partitions\":1e400}",
            INVALID_REQUEST));
    out.add(
        post(
            "partitions 1.5",
            "/v1/topics",
            "{\"name\":\"new\",\"partitions\":1.5}",
            INVALID_REQUEST));
    out.add(
        post("count lower", "/v1/topics/demo/partitions", "{\"count\":1}", new Expect(400, 37)));
    out.add(
        post(
            "count 2^31-1",
            "/v1/topics/demo/partitions",
            "{\"count\":2147483647}",
            new Expect(400, 37)));
    out.add(
        post(
            "count 2^31", "/v1/topics/demo/partitions", "{\"count\":2147483648}", INVALID_REQUEST));
    out.add(
        post(
            "consume timeout -1",
            "/consume",
            "{\"consumer_id\":\"c\",\"timeout_ms\":-1}",
            INVALID_REQUEST));
    out.add(
        post(
            "consume timeout a year",
            "/consume",
            "{\"consumer_id\":\"c\",\"timeout_ms\":31536000000}",
            INVALID_REQUEST));
    out.add(
        post(
            "consume timeout 2^63",
            "/consume",
            "{\"consumer_id\":\"c\",\"timeout_ms\":9223372036854775808}",
            new Expect(422, 42)));
    out.add(
        post(
            "consume timeout 1.5",
            "/consume",
            "{\"consumer_id\":\"c\",\"timeout_ms\":1.5}",
            new Expect(422, 42)));
    out.add(
        post(
            "consume query timeout",
            "/consume?timeout_ms=-5",
            "{\"consumer_id\":\"c\"}",
            INVALID_REQUEST));
    String poll = MEMBER_ROUTE + "/poll";
    out.add(post("poll timeout -1", poll, "{\"timeout_ms\":-1}", INVALID_REQUEST));
    out.add(
        post("poll timeout 2^63", poll, "{\"timeout_ms\":9223372036854775808}", INVALID_REQUEST));
    out.add(post("poll timeout 1e400", poll, "{\"timeout_ms\":1e400}", INVALID_REQUEST));
    out.add(post("poll timeout 1.5", poll, "{\"timeout_ms\":1.5}", INVALID_REQUEST));
    out.add(post("poll max_records 0", poll, "{\"max_records\":0}", INVALID_REQUEST));
    out.add(post("poll max_records 10^6", poll, "{\"max_records\":1000000}", INVALID_REQUEST));
    out.add(post("poll max_bytes 0", poll, "{\"max_bytes\":0}", INVALID_REQUEST));
    out.add(post("poll format", poll, "{\"format\":\"hex\"}", INVALID_REQUEST));
    String commit = MEMBER_ROUTE + "/commit";
    out.add(
        post(
            "commit offset -1",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":-1}]}",
            outOfRange));
    out.add(
        post(
            "commit offset -2",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":-2}]}",
            outOfRange));
    out.add(
        post(
            "commit offset 2^63-1",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":9223372036854775807}]}",
            outOfRange));
    out.add(
        post(
            "commit offset 2^63",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":9223372036854775808}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "commit offset 0.5",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":0.5}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "commit partition -1",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":-1,\"offset\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "commit partition past the end",
            commit,
            "{\"offsets\":[{\"topic\":\"demo\",\"partition\":2,\"offset\":0}]}",
            new Expect(409, 22)));
    out.add(post("commit generation -1", commit, "{\"generation\":-1}", INVALID_REQUEST));
    out.add(post("commit generation 2^31", commit, "{\"generation\":2147483648}", INVALID_REQUEST));
    out.add(post("commit no offsets", commit, "{\"offsets\":[]}", INVALID_REQUEST));
    String seek = MEMBER_ROUTE + "/seek";
    out.add(
        post(
            "seek offset -1",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":-1}]}",
            outOfRange));
    out.add(
        post(
            "seek offset 2^63",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":9223372036854775808}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "seek timestamp -1",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"timestamp\":-1}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "seek timestamp -2",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"timestamp\":-2}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "seek partition -1",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":-1,\"offset\":0}]}",
            INVALID_REQUEST));
    out.add(
        post(
            "seek partition past the end",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":2,\"offset\":0}]}",
            new Expect(409, 22)));
    out.add(
        post(
            "seek two targets",
            seek,
            "{\"partitions\":[{\"topic\":\"demo\",\"partition\":0,\"offset\":0,\"to\":\"end\"}]}",
            INVALID_REQUEST));
    out.add(post("seek nothing", seek, "{\"partitions\":[]}", INVALID_REQUEST));
    String reset = "/v1/groups/g3/offsets/reset";
    out.add(
        post("reset offset -1", reset, "{\"topic\":\"demo\",\"to\":{\"offset\":-1}}", outOfRange));
    out.add(
        post(
            "reset offset 2^63",
            reset,
            "{\"topic\":\"demo\",\"to\":{\"offset\":9223372036854775808}}",
            INVALID_REQUEST));
    out.add(
        post(
            "reset timestamp -2",
            reset,
            "{\"topic\":\"demo\",\"to\":{\"timestamp\":-2}}",
            INVALID_REQUEST));
    out.add(
        post(
            "reset partition -1",
            reset,
            "{\"topic\":\"demo\",\"to\":\"earliest\",\"partitions\":[-1]}",
            INVALID_REQUEST));
    out.add(
        post(
            "reset partition past the end",
            reset,
            "{\"topic\":\"demo\",\"to\":\"earliest\",\"partitions\":[2]}",
            UNKNOWN_TOPIC));
    out.add(
        post(
            "reset of a group with members",
            "/v1/groups/g/offsets/reset",
            "{\"topic\":\"demo\",\"to\":\"earliest\"}",
            new Expect(409, 68)));
    String join = "/v1/groups/g2/members";
    out.add(
        post(
            "session timeout 0",
            join,
            "{\"topics\":[\"demo\"],\"session_timeout_ms\":0}",
            new Expect(400, 26)));
    out.add(
        post(
            "session timeout a year",
            join,
            "{\"topics\":[\"demo\"],\"session_timeout_ms\":31536000000}",
            new Expect(400, 26)));
    out.add(
        post(
            "session timeout 2^63",
            join,
            "{\"topics\":[\"demo\"],\"session_timeout_ms\":9223372036854775808}",
            INVALID_REQUEST));
    out.add(post("no topics", join, "{\"topics\":[]}", INVALID_REQUEST));
    out.add(
        post(
            "1001 topics",
            join,
            "{\"topics\":[" + "\"demo\",".repeat(1000) + "\"demo\"]}",
            INVALID_REQUEST));
    return out;
  }
}
