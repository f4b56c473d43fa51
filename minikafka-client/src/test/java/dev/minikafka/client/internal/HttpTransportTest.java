package dev.minikafka.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.client.BrokerUnavailableException;
import dev.minikafka.client.UnexpectedResponseException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How answers and transport failures become typed exceptions. */
class HttpTransportTest {
  private static final URI URI_ = URI.create("http://127.0.0.1:1/v1/topics");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void brokerErrorsBecomeTheBrokersTypedExceptions() {
    assertThatThrownBy(
            () ->
                HttpTransport.answer(
                    "POST",
                    URI_,
                    409,
                    utf8(
                        "{\"error_code\": 36, \"error\": \"topic_already_exists\","
                            + " \"message\": \"topic 'orders' already exists\"}")))
        .isInstanceOf(TopicExistsException.class)
        .hasMessage("topic 'orders' already exists");
    assertThatThrownBy(
            () ->
                HttpTransport.answer(
                    "POST", URI_, 404, utf8("{\"error_code\": 25, \"message\": \"gone\"}")))
        .isInstanceOf(UnknownMemberIdException.class);
    assertThatThrownBy(
            () ->
                HttpTransport.answer(
                    "POST", URI_, 503, utf8("{\"error_code\": 56, \"message\": \"disk\"}")))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void answersWithoutAnErrorCodeNameTheRequestAndStatus() {
    assertThatThrownBy(() -> HttpTransport.answer("GET", URI_, 404, utf8("Not Found")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessage("GET " + URI_ + " answered 404 with a body that is not JSON: Not Found")
        .satisfies(e -> assertThat(((UnexpectedResponseException) e).isRetriable()).isFalse());
    assertThatThrownBy(() -> HttpTransport.answer("GET", URI_, 502, new byte[0]))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessage("GET " + URI_ + " answered 502 without a body")
        .satisfies(e -> assertThat(((UnexpectedResponseException) e).isRetriable()).isTrue());
  }

  @Test
  void aMissingRouteIsNotMistakenForABrokerError() {
    assertThatThrownBy(
            () ->
                HttpTransport.answer(
                    "POST",
                    URI_,
                    404,
                    utf8("{\"error_code\": -1, \"message\": \"Endpoint POST /v1/x not found\"}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .satisfies(e -> assertThat(((UnexpectedResponseException) e).statusCode()).isEqualTo(404));
  }

  @Test
  void successBodiesAreParsedAndEmptyOnesAreMissing() {
    assertThat(HttpTransport.answer("GET", URI_, 200, utf8("{\"a\": 1}")).get("a").asInt())
        .isEqualTo(1);
    assertThat(HttpTransport.answer("DELETE", URI_, 204, new byte[0]).isMissingNode()).isTrue();
  }

  @Test
  void aRefusedConnectionNamesTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    try (HttpTransport transport = new HttpTransport(url, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> transport.send("GET", "/v1/topics", null, Duration.ofSeconds(5)))
          .isInstanceOf(BrokerUnavailableException.class)
          .hasMessageContaining(url)
          .satisfies(e -> assertThat(((BrokerUnavailableException) e).isRetriable()).isTrue());
    }
  }

  @Test
  void aBadBootstrapIsRefusedUpFront() {
    assertThatThrownBy(() -> new HttpTransport("127.0.0.1:8000", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
    assertThatThrownBy(() -> new HttpTransport(null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
