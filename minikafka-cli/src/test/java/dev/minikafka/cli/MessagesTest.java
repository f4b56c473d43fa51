package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void linesShowTopicOffsetAndValueAndKeyOrPartitionWhenPresent() throws Exception {
    assertThat(line("{\"topic\":\"demo\",\"partition\":0,\"offset\":0,\"value\":\"message-0\"}"))
        .isEqualTo("[demo@0] message-0");
    assertThat(line("{\"topic\":\"demo\",\"offset\":3,\"key\":\"user-1\",\"value\":\"hi\"}"))
        .isEqualTo("[demo@3 key=user-1] hi");
    assertThat(
            line("{\"topic\":\"demo\",\"partition\":2,\"offset\":7,\"key\":null,\"value\":null}"))
        .isEqualTo("[demo/2@7] (null)");
  }

  private static String line(String json) throws Exception {
    return Messages.line(JSON.readTree(json));
  }
}
