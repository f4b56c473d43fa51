package dev.minikafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.client.ClassroomClient.Message;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void linesShowTopicOffsetAndValueAndKeyOrPartitionWhenPresent() {
    assertThat(Messages.line(new Message("demo", 0, 0, null, "message-0", 1)))
        .isEqualTo("[demo@0] message-0");
    assertThat(Messages.line(new Message("demo", 0, 3, "user-1", "hi", 1)))
        .isEqualTo("[demo@3 key=user-1] hi");
    assertThat(Messages.line(new Message("demo", 2, 7, null, null, 1)))
        .isEqualTo("[demo/2@7] (null)");
  }
}
