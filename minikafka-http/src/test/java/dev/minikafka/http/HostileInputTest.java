package dev.minikafka.http;

import static dev.minikafka.http.HostileClient.assertRefused;
import static dev.minikafka.http.HostileClient.ok;
import static dev.minikafka.http.HostileInput.TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.http.HostileCases.Case;
import dev.minikafka.http.HostileClient.Reply;
import dev.minikafka.http.HostileInput.Expect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input over every route against a real server in this JVM: every case of {@link
 * HostileCases}, each checked by {@link HostileClient} (its status and error code, then {@code
 * /health}, then a data directory unchanged byte for byte); requests Jetty refuses before routing;
 * and the limits themselves: a value of nothing and of exactly the limit are stored, one byte more
 * is not.
 */
class HostileInputTest {
  // One server for all cases: each leaves the data as it found it, which the next one checks too.
  @RegisterExtension static final TestServer server = TestServer.perClass();

  private static HostileClient client;

  @BeforeAll
  static void fixture() throws Exception {
    client = new HostileClient(server.port(), server.dataDir());
    client.setUp();
  }

  static Stream<Case> cases() {
    return HostileCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAsDocumentedAndChangesNothing(Case c) throws Exception {
    client.check(c);
  }

  // --- what the table cannot say ---------------------------------------------------------------

  /**
   * Requests the JDK's client will not send (it checks URIs): written to the socket as they are.
   */
  static Stream<Arguments> rawRequests() {
    return Stream.of(
        Arguments.of("GET /v1/topics/a%zzb HTTP/1.1", 400, 42),
        Arguments.of("GET /v1/topics/a%2 HTTP/1.1", 400, 42),
        Arguments.of("GET /v1/topics/a\u0001b HTTP/1.1", 400, 42),
        Arguments.of("GET /v1/groups/a%00b HTTP/1.1", 400, 42),
        Arguments.of("GET /v1/topics/" + "a".repeat(10_000) + " HTTP/1.1", 414, -1),
        Arguments.of("GET /health HTTP/1.1\r\nX-Big: " + "a".repeat(20_000), 431, -1));
  }

  @ParameterizedTest
  @MethodSource("rawRequests")
  void requestsJettyRefusesGetTheSameJsonErrors(String requestHead, int status, int code)
      throws Exception {
    Map<Path, byte[]> before = client.snapshot();
    String request = requestHead + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    RawHttp.Answer a = RawHttp.exact(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));
    assertRefused(
        new Reply(a.status(), a.headers().get("content-type"), a.body()), new Expect(status, code));
    assertThat(a.headers()).containsEntry("connection", "close");
    client.assertHealthyAndUnchanged(before);
  }

  @Test
  void valuesOfNothingAndExactlyTheLimitAreStoredOneMoreByteIsNot() throws Exception {
    ok(
        client.send(
            "POST",
            "/v1/topics",
            "{\"name\":\"small\",\"configs\":{\"max.message.bytes\":\"1000\"}}"),
        201);
    // The batch a record makes is its value plus an overhead that the broker names when it
    // refuses one: learn it from a value surely too large (same varint widths as the answer).
    Reply tooLarge = client.send("POST", "/v1/topics/small/records", valueOf(900 + 200));
    assertRefused(tooLarge, TOO_LARGE);
    Matcher m =
        Pattern.compile("make a batch of (\\d+) bytes")
            .matcher(tooLarge.json().get("message").asText());
    assertThat(m.find()).as(tooLarge.body()).isTrue();
    int atLimit = 1000 - (Integer.parseInt(m.group(1)) - 1100);

    Map<Path, byte[]> before = client.snapshot();
    assertRefused(client.send("POST", "/v1/topics/small/records", valueOf(atLimit + 1)), TOO_LARGE);
    client.assertHealthyAndUnchanged(before);

    JsonNode stored = ok(client.send("POST", "/v1/topics/small/records", valueOf(atLimit)), 200);
    assertThat(stored.at("/results/0/offset").asLong()).isZero();
    JsonNode empty = ok(client.send("POST", "/v1/topics/small/records", valueOf(0)), 200);
    assertThat(empty.at("/results/0/offset").asLong()).isEqualTo(1);
    JsonNode read =
        ok(client.send("GET", "/v1/topics/small/partitions/0/records?offset=0", null), 200);
    assertThat(read.at("/records/0/value").asText()).hasSize(atLimit);
    assertThat(read.at("/records/1/value").asText()).isEmpty();

    // The classroom route too: an empty value is a message.
    JsonNode classroom =
        ok(client.send("POST", "/produce", "{\"topic\":\"demo\",\"value\":\"\"}"), 200);
    assertThat(classroom.get("offset").asLong()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aTopicNameOfKafkasLongestLengthIsCreatedOneMoreCharacterIsNot() throws Exception {
    // Found by OpenApiFuzzTest: a legal 249-character name once failed with 503, its metadata
    // file's name being longer than the file system allows.
    Map<Path, byte[]> before = client.snapshot();
    assertRefused(
        client.send("POST", "/v1/topics", "{\"name\":\"" + "t".repeat(250) + "\"}"),
        HostileInput.INVALID_TOPIC);
    assertRefused(
        client.send("POST", "/topics/register", "{\"topic\":\"" + "t".repeat(250) + "\"}"),
        HostileInput.INVALID_TOPIC);
    client.assertHealthyAndUnchanged(before);
    String longest = "t".repeat(249);
    ok(client.send("POST", "/v1/topics", "{\"name\":\"" + longest + "\"}"), 201);
    ok(client.send("POST", "/v1/topics/" + longest + "/records", valueOf(3)), 200);
    ok(client.send("DELETE", "/v1/topics/" + longest, null), 204);
    ok(client.send("POST", "/topics/register", "{\"topic\":\"" + longest + "\"}"), 200);
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadOneMoreByteIsNot() throws Exception {
    int limit = HttpServerConfig.DEFAULT_MAX_BODY_BYTES;
    String prefix = "{\"topic\":\"demo\",\"value\":\"";
    String suffix = "\"}";
    String atLimit = prefix + "x".repeat(limit - prefix.length() - suffix.length()) + suffix;
    assertThat(atLimit).hasSize(limit);
    Map<Path, byte[]> before = client.snapshot();
    // Read whole, then refused by the topic's record limit, not by the body limit.
    assertRefused(client.send("POST", "/produce", atLimit), TOO_LARGE);
    assertThat(client.send("POST", "/produce", atLimit).json().get("message").asText())
        .contains("max.message.bytes");
    assertRefused(client.send("POST", "/produce", atLimit + " "), TOO_LARGE);
    assertThat(client.send("POST", "/produce", atLimit + " ").json().get("message").asText())
        .contains("request body exceeds the limit of " + limit);
    client.assertHealthyAndUnchanged(before);
  }

  // --- plumbing --------------------------------------------------------------------------------

  private static String valueOf(int size) {
    return "{\"records\":[{\"value\":\"" + "v".repeat(size) + "\",\"partition\":0}]}";
  }
}
