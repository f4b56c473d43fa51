package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The budget of answer bytes: while a reader that never reads holds a large answer, another answer
 * that does not fit waits a second, then gets 503 {@code server_busy} naming the budget; once the
 * stalled reader goes, its bytes come back and answers flow again. Nothing stored changes.
 */
@Timeout(120)
class AnswerBudgetTest {
  private static final long BUDGET = 8L << 20;
  private static final int VALUE_BYTES = 900_000;

  @RegisterExtension final TestServer server = TestServer.create();

  @Test
  void aStalledReaderHoldsItsAnswersBytesAndOthersAreRefusedWithAReasonUntilItGoes()
      throws Exception {
    server.restartHttp(
        HttpServerConfig.defaults().withAddress("127.0.0.1", 0).withMaxAnswerBytes(BUDGET));
    assertThat(server.post("/v1/topics", "{\"name\":\"big\"}").statusCode()).isEqualTo(201);
    String value = "x".repeat(VALUE_BYTES);
    for (int i = 0; i < 24; i++) {
      HttpResponse<String> r =
          server.post("/v1/topics/big/records", "{\"records\":[{\"value\":\"" + value + "\"}]}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    try (Socket stalled = new Socket()) {
      // About 21 MB of answer, more than the socket buffers take: its write blocks, holding it.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(
          new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET /v1/topics/big/partitions/0/records?offset=0&max_records=100"
                  + "&max_bytes=67108864 HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      HttpResponse<String> busy = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (busy == null && System.nanoTime() < deadline) {
        HttpResponse<String> r =
            server.get(
                "/v1/topics/big/partitions/0/records?offset=0&max_records=2&max_bytes=4000000");
        if (r.statusCode() == 503) {
          busy = r;
        } else {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
      }
      assertThat(busy).as("an answer that does not fit is refused").isNotNull();
      JsonNode error = TestServer.json(busy);
      assertThat(error.get("error").asText()).isEqualTo("server_busy");
      assertThat(error.get("message").asText()).contains("budget").contains("--max-answer-bytes");
      assertThat(TestServer.json(server.get("/health")).get("status").asText()).isEqualTo("ok");
      // Answers without records take no budget.
      assertThat(server.get("/v1/topics/big").statusCode()).isEqualTo(200);
    }
    // The stalled reader is gone: its write fails, its bytes come back.
    HttpResponse<String> after = null;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      after =
          server.get(
              "/v1/topics/big/partitions/0/records?offset=0&max_records=2&max_bytes=4000000");
      if (after.statusCode() == 200) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(after).get("records")).hasSize(2);
    JsonNode described = TestServer.json(server.get("/v1/topics/big"));
    assertThat(described.get("partitions").get(0).get("high_watermark").asLong()).isEqualTo(24);
  }
}
