package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minikafka.storage.FaultyFileIo;
import dev.minikafka.storage.LogOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A produce whose records span partitions when one partition's disk fails its fsync: that
 * partition's records carry a storage error, the others are stored (200); when no record could be
 * stored the answer is the storage error itself (503).
 */
@Timeout(60)
class V1ProduceStorageFailureTest {
  private final FaultyFileIo io = new FaultyFileIo();

  @RegisterExtension
  final TestServer server =
      TestServer.withStorage(config -> config.withLogOptions(LogOptions.defaults().withFileIo(io)));

  @Test
  void aFailingPartitionFailsOnlyItsOwnRecords() throws Exception {
    assertThat(server.send("POST", "/v1/topics", "{\"name\":\"t\",\"partitions\":2}").statusCode())
        .isEqualTo(201);
    io.failForce(FaultyFileIo.inDirectory("t-1"));

    HttpResponse<String> mixed =
        server.send(
            "POST",
            "/v1/topics/t/records",
            "{\"records\":[{\"partition\":0,\"value\":\"a\"},{\"partition\":1,\"value\":\"b\"},"
                + "{\"partition\":0,\"value\":\"c\"}]}");
    assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
    JsonNode results = TestServer.JSON.readTree(mixed.body()).get("results");
    assertThat(results.get(0).get("offset").asLong()).isZero();
    assertThat(results.get(2).get("offset").asLong()).isEqualTo(1);
    JsonNode failed = results.get(1);
    assertThat(failed.get("partition").asInt()).isEqualTo(1);
    assertThat(failed.has("offset")).isFalse();
    assertThat(failed.get("error_code").asInt()).isEqualTo(56);
    assertThat(failed.get("error").asText()).isEqualTo("kafka_storage_error");
    assertThat(failed.get("message").asText()).contains("t-1");

    HttpResponse<String> onlyFailing =
        server.send(
            "POST", "/v1/topics/t/records", "{\"records\":[{\"partition\":1,\"value\":\"d\"}]}");
    assertThat(onlyFailing.statusCode()).as(onlyFailing.body()).isEqualTo(503);
    assertThat(TestServer.JSON.readTree(onlyFailing.body()).get("error_code").asInt())
        .isEqualTo(56);

    JsonNode d = TestServer.JSON.readTree(server.send("GET", "/v1/topics/t", null).body());
    assertThat(d.at("/partitions/0/high_watermark").asLong()).isEqualTo(2);
    assertThat(d.at("/partitions/1/high_watermark").asLong())
        .as("nothing of the failed partition became visible")
        .isZero();
  }
}
