package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.http.HostileCases.Case;
import dev.minikafka.http.HostileInput.Body;
import dev.minikafka.http.HostileInput.Expect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sends {@link HostileCases} to a broker at {@code 127.0.0.1:port}, in this JVM or another process,
 * and checks what comes back: the status and error code, a JSON error body, a healthy broker and a
 * data directory that holds byte for byte what it held before. Builds the fixture the cases assume.
 * One per broker; requests may come from one thread at a time.
 */
public final class HostileClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final int port;
  private final Path dataDir;
  private String member;
  private long producerId;

  /** A client of the broker on {@code port} that keeps its data in {@code dataDir}. */
  public HostileClient(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  /** An answer, however it was received. */
  public record Reply(int status, String contentType, String body) {
    static Reply of(HttpResponse<String> r) {
      return new Reply(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    /** The body as JSON. */
    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  /** Creates what the cases assume (see {@link HostileCases}). */
  public void setUp() throws Exception {
    ok(send("POST", "/v1/topics", "{\"name\":\"demo\",\"partitions\":2}"), 201);
    ok(
        send(
            "POST",
            "/v1/topics/demo/records",
            "{\"records\":[{\"value\":\"kept\",\"partition\":0},"
                + "{\"value\":\"kept\",\"partition\":1}]}"),
        200);
    ok(send("POST", "/consumers/register", "{\"topic\":\"demo\",\"consumer_id\":\"c\"}"), 200);
    member =
        ok(
                send(
                    "POST",
                    "/v1/groups/g/members",
                    "{\"topics\":[\"demo\"],\"auto_offset_reset\":\"earliest\","
                        + "\"session_timeout_ms\":300000}"),
                200)
            .get("member_id")
            .asText();
    ok(send("POST", "/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":0}"), 200);
    ok(send("POST", "/v1/groups/g/members/" + member + "/commit", "{}"), 200);
    producerId = ok(send("POST", "/v1/producers", ""), 201).get("producer_id").asLong();
  }

  /**
   * Makes the fixture whole again after requests that may have deleted its topic or group: the
   * topic {@code demo} exists, and the member of {@code g} is live.
   */
  public void ensureFixture() throws Exception {
    int created = send("POST", "/v1/topics", "{\"name\":\"demo\",\"partitions\":2}").status();
    assertThat(created).isIn(201, 409);
    if (send("POST", "/v1/groups/g/members/" + member + "/poll", "{\"timeout_ms\":0}").status()
        == 404) {
      member =
          ok(
                  send(
                      "POST",
                      "/v1/groups/g/members",
                      "{\"topics\":[\"demo\"],\"auto_offset_reset\":\"earliest\","
                          + "\"session_timeout_ms\":300000}"),
                  200)
              .get("member_id")
              .asText();
    }
  }

  /**
   * Sends {@code c} and asserts its answer, that {@code /health} answers after it, and that no file
   * of the data directory changed.
   */
  public void check(Case c) throws Exception {
    Map<Path, byte[]> before = snapshot(dataDir);
    try {
      assertRefused(send(c), c.expect());
      assertHealthyAndUnchanged(before);
    } catch (AssertionError | IOException e) {
      // Reports name the case, not only its index.
      throw new AssertionError(c + ": " + e.getMessage(), e);
    }
  }

  /** Sends {@code c}, a streamed body while the answer is read (as curl does). */
  public Reply send(Case c) throws Exception {
    String path = c.path().replace("{member}", member);
    if (c.body() instanceof Body.Streamed s) {
      // The JDK's client would send all of it before reading the answer.
      RawHttp.Answer a =
          RawHttp.streamed(
              port, c.method(), path, s.contentType(), HostileInput.generated(s.size()));
      return new Reply(a.status(), a.headers().get("content-type"), a.body());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    switch (c.body()) {
      case Body.None n -> b.method(c.method(), HttpRequest.BodyPublishers.noBody());
      case Body.Bytes bytes -> {
        String text = new String(bytes.bytes(), StandardCharsets.ISO_8859_1);
        byte[] body =
            text.contains("{producer}")
                ? text.replace("{producer}", Long.toString(producerId))
                    .getBytes(StandardCharsets.ISO_8859_1)
                : bytes.bytes();
        b.method(c.method(), HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", bytes.contentType());
      }
      case Body.Streamed s -> throw new AssertionError("sent above");
    }
    return Reply.of(
        HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Sends {@code json} (none when null) as {@code application/json}. */
  public Reply send(String method, String path, String json) throws Exception {
    return send(
        method,
        path,
        "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code body} (none when null) as {@code contentType}. */
  public Reply send(String method, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    return Reply.of(
        HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** The member id of the fixture's member of group {@code g}. */
  public String member() {
    return member;
  }

  /** Asserts a JSON error answer with {@code expect}'s status and error code. */
  public static void assertRefused(Reply r, Expect expect) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(expect.status());
    assertThat(r.contentType()).as("content type").startsWith("application/json");
    JsonNode e = r.json();
    assertThat(e.get("error_code").asInt()).as(r.body()).isEqualTo(expect.code());
    assertThat(e.get("error").asText()).as(r.body()).isNotBlank();
    assertThat(e.get("message").asText()).as(r.body()).isNotBlank();
  }

  /** Asserts that {@code /health} answers and that the data directory holds {@code before}. */
  public void assertHealthyAndUnchanged(Map<Path, byte[]> before) throws Exception {
    assertThat(ok(send("GET", "/health", null), 200).get("status").asText()).isEqualTo("ok");
    Map<Path, byte[]> after = snapshot(dataDir);
    Set<Path> changed = new TreeSet<>(before.keySet());
    changed.addAll(after.keySet());
    changed.removeIf(p -> Arrays.equals(before.get(p), after.get(p)));
    assertThat(changed).as("files of the data directory that changed").isEmpty();
  }

  /** The broker's data directory now (see {@link #snapshot(Path)}). */
  public Map<Path, byte[]> snapshot() {
    return snapshot(dataDir);
  }

  /**
   * Every file of {@code dataDir}, by relative path, with its bytes; but the lock, and the
   * recovery-point checkpoint, which a timer rewrites (through a temp file) with the flushed
   * offsets of earlier writes, whatever the request at hand did. What it records, the logs hold.
   */
  public static Map<Path, byte[]> snapshot(Path dataDir) {
    Map<Path, byte[]> files = new TreeMap<>();
    try {
      Files.walkFileTree(
          dataDir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
              String name = p.getFileName().toString();
              if (attrs.isRegularFile()
                  && !name.equals(".lock")
                  && !name.startsWith("recovery-point-offset-checkpoint")) {
                files.put(dataDir.relativize(p), Files.readAllBytes(p));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
              // The checkpoint's temp file may be listed and renamed away before it is read.
              if (e instanceof NoSuchFileException
                  && p.getFileName().toString().startsWith("recovery-point-offset-checkpoint")) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** {@code r}'s body as JSON, once its status is {@code status}. */
  public static JsonNode ok(Reply r, int status) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    return r.json();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
