package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded load on loopback against {@code bin/broker} as a separate process: 500 idle long-polls
 * with steady produce; 2,000 topics and 200 groups; slow readers that never read their answers;
 * connections opened and dropped by the thousand. Through each, {@code /health} answers promptly
 * (within {@link #PROMPT}, a bound for a hang, not a speed claim), the broker's resident memory
 * stays under {@link #MAX_RSS_BYTES}, and nothing acknowledged is lost.
 *
 * <p>Tagged {@code load}: {@code bin/test} leaves it out; {@code mvn -Pload verify -pl
 * minikafka-cli -am} runs it (CI does).
 */
@Tag("load")
@Timeout(600)
class LoadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROMPT = Duration.ofSeconds(5);
  private static final long MAX_RSS_BYTES = 1536L << 20;

  @TempDir Path dataDir;

  @RegisterExtension final Launchers launchers = new Launchers();

  private BrokerProcess broker;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  @Test
  void theBrokerStaysHealthyAndLosesNothingUnderLoad() throws Exception {
    broker = BrokerProcess.start(launchers, dataDir, "--flush", "interval:50");
    idleLongPollsWithSteadyProduce();
    manyTopicsAndGroups();
    slowReadersThatNeverRead();
    connectionsOpenedAndDropped();
    assertHealthy();
  }

  /** 500 long-polls wait at the end of partition 0 while partition 1 takes records. */
  private void idleLongPollsWithSteadyProduce() throws Exception {
    ok(send("POST", "/v1/topics", "{\"name\":\"polled\",\"partitions\":2}"), 201);
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      polls.add(
          sendAsync("GET", "/v1/topics/polled/partitions/0/records?offset=0&timeout_ms=120000"));
    }
    long produced = 0;
    for (int round = 0; round < 30; round++) {
      JsonNode r =
          ok(
              send(
                  "POST",
                  "/v1/topics/polled/records",
                  "{\"records\":[{\"partition\":1,\"value\":\"steady-" + round + "\"}]}"),
              200);
      assertThat(r.at("/results/0/offset").asLong()).isEqualTo(produced++);
      assertHealthy();
      Thread.sleep(100); // a steady rate, not a synchronisation
    }
    assertThat(polls).noneMatch(CompletableFuture::isDone);
    ok(
        send(
            "POST",
            "/v1/topics/polled/records",
            "{\"records\":[{\"partition\":0,\"value\":\"wake\"}]}"),
        200);
    for (CompletableFuture<HttpResponse<String>> p : polls) {
      JsonNode body = ok(p.get(), 200);
      assertThat(body.at("/records/0/value").asText()).isEqualTo("wake");
    }
    JsonNode all =
        ok(
            send("GET", "/v1/topics/polled/partitions/1/records?offset=0&max_records=100", null),
            200);
    assertThat(all.get("records")).hasSize((int) produced);
  }

  /** 2,000 topics of one partition, each with a record; 200 groups, each a member of ten. */
  private void manyTopicsAndGroups() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<CompletableFuture<Void>> created = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        String topic = "many-" + i;
        created.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    ok(send("POST", "/v1/topics", "{\"name\":\"" + topic + "\"}"), 201);
                    ok(
                        send(
                            "POST",
                            "/v1/topics/" + topic + "/records",
                            "{\"records\":[{\"value\":\"" + topic + "\"}]}"),
                        200);
                  } catch (Exception e) {
                    throw new IllegalStateException(topic, e);
                  }
                },
                pool));
      }
      CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
    }
    assertHealthy();
    for (int g = 0; g < 200; g++) {
      StringBuilder topics = new StringBuilder();
      for (int t = 0; t < 10; t++) {
        topics.append(t == 0 ? "" : ",").append("\"many-").append(g * 10 + t).append('"');
      }
      JsonNode joined =
          ok(
              send(
                  "POST",
                  "/v1/groups/group-" + g + "/members",
                  "{\"topics\":[" + topics + "],\"auto_offset_reset\":\"earliest\"}"),
              200);
      String member = joined.get("member_id").asText();
      JsonNode polled =
          ok(
              send(
                  "POST",
                  "/v1/groups/group-" + g + "/members/" + member + "/poll",
                  "{\"timeout_ms\":0}"),
              200);
      assertThat(polled.get("records")).hasSize(10);
      ok(send("POST", "/v1/groups/group-" + g + "/members/" + member + "/commit", "{}"), 200);
    }
    assertThat(ok(send("GET", "/v1/topics", null), 200).get("topics").size())
        .isGreaterThanOrEqualTo(2001);
    assertThat(ok(send("GET", "/v1/groups", null), 200).get("groups").size())
        .isGreaterThanOrEqualTo(200);
    assertHealthy();
  }

  /**
   * Readers that ask for 4 MiB answers and never read them, while others are served. (An answer is
   * built in memory before it is written; the broker's budget of answer bytes bounds what stalled
   * readers hold. See docs/hostile-input.md, Load.)
   */
  private void slowReadersThatNeverRead() throws Exception {
    ok(send("POST", "/v1/topics", "{\"name\":\"big\"}"), 201);
    String value = "x".repeat(500_000);
    for (int i = 0; i < 40; i++) {
      ok(
          send("POST", "/v1/topics/big/records", "{\"records\":[{\"value\":\"" + value + "\"}]}"),
          200);
    }
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), broker.port());
        s.setReceiveBufferSize(4096);
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET /v1/topics/big/partitions/0/records?offset=0&max_records=10000"
                    + "&max_bytes=4194304 HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        stalled.add(s); // never read
      }
      for (int i = 0; i < 20; i++) {
        assertHealthy();
        ok(send("GET", "/v1/topics/big", null), 200);
        Thread.sleep(100);
      }
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    assertHealthy();
  }

  /** Thousands of connections opened and closed; some with half a request. */
  private void connectionsOpenedAndDropped() throws Exception {
    for (int i = 0; i < 3000; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), broker.port())) {
        if (i % 3 == 0) {
          s.getOutputStream()
              .write(
                  "POST /v1/topics/polled/records HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"rec"
                      .getBytes(StandardCharsets.US_ASCII));
        }
      }
      if (i % 500 == 0) {
        assertHealthy();
      }
    }
    JsonNode r =
        ok(
            send(
                "POST",
                "/v1/topics/polled/records",
                "{\"records\":[{\"partition\":0,\"value\":\"after\"}]}"),
            200);
    assertThat(r.at("/results/0/offset").asLong()).isEqualTo(1);
  }

  private void assertHealthy() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = send("GET", "/health", null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(took).as("/health answered in %s", took).isLessThan(PROMPT);
    assertThat(rss()).as("resident memory of the broker").isLessThan(MAX_RSS_BYTES);
  }

  /** The broker process's resident memory (the JVM under bin/broker's shell, if there is one). */
  private long rss() throws IOException {
    long pid = broker.launched().process().pid();
    List<Long> pids = new ArrayList<>(List.of(pid));
    broker.launched().process().descendants().forEach(p -> pids.add(p.pid()));
    long max = 0;
    for (long p : pids) {
      Path status = Path.of("/proc", Long.toString(p), "status");
      if (!Files.exists(status)) {
        continue;
      }
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          max = Math.max(max, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    }
    return max;
  }

  private HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    return http.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path) {
    return http.sendAsync(request(method, path, null), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String path, String json) {
    return HttpRequest.newBuilder(URI.create(broker.url() + path))
        .timeout(Duration.ofMinutes(3))
        .header("Content-Type", "application/json")
        .method(
            method,
            json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static JsonNode ok(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}
