package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minikafka.broker.Broker;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A produce whose records span partitions when one partition's disk fails its fsync: that
 * partition's records carry a storage error, the others are stored (200); when no record could be
 * stored the answer is the storage error itself (503).
 */
@Timeout(60)
class V1ProduceStorageFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private final FailingFsyncFileIo io = new FailingFsyncFileIo();
  private Broker broker;
  private HttpServer server;

  @BeforeEach
  void start() {
    broker =
        Broker.open(StorageConfig.of(dataDir).withLogOptions(LogOptions.defaults().withFileIo(io)));
    server = HttpServer.start(broker, HttpServerConfig.defaults().withAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    server.close();
    broker.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFailingPartitionFailsOnlyItsOwnRecords() throws Exception {
    assertThat(send("POST", "/v1/topics", "{\"name\":\"t\",\"partitions\":2}").statusCode())
        .isEqualTo(201);
    io.failIn("t-1");

    HttpResponse<String> mixed =
        send(
            "POST",
            "/v1/topics/t/records",
            "{\"records\":[{\"partition\":0,\"value\":\"a\"},{\"partition\":1,\"value\":\"b\"},"
                + "{\"partition\":0,\"value\":\"c\"}]}");
    assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
    JsonNode results = JSON.readTree(mixed.body()).get("results");
    assertThat(results.get(0).get("offset").asLong()).isZero();
    assertThat(results.get(2).get("offset").asLong()).isEqualTo(1);
    JsonNode failed = results.get(1);
    assertThat(failed.get("partition").asInt()).isEqualTo(1);
    assertThat(failed.has("offset")).isFalse();
    assertThat(failed.get("error_code").asInt()).isEqualTo(56);
    assertThat(failed.get("error").asText()).isEqualTo("kafka_storage_error");
    assertThat(failed.get("message").asText()).contains("t-1");

    HttpResponse<String> onlyFailing =
        send("POST", "/v1/topics/t/records", "{\"records\":[{\"partition\":1,\"value\":\"d\"}]}");
    assertThat(onlyFailing.statusCode()).as(onlyFailing.body()).isEqualTo(503);
    assertThat(JSON.readTree(onlyFailing.body()).get("error_code").asInt()).isEqualTo(56);

    JsonNode d = JSON.readTree(send("GET", "/v1/topics/t", null).body());
    assertThat(d.at("/partitions/0/high_watermark").asLong()).isEqualTo(2);
    assertThat(d.at("/partitions/1/high_watermark").asLong())
        .as("nothing of the failed partition became visible")
        .isZero();
  }
}
