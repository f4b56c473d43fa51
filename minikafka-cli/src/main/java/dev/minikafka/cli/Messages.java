package dev.minikafka.cli;

import dev.minikafka.client.ClassroomClient;

/** How the classroom consumer prints a message. */
final class Messages {
  private Messages() {}

  /**
   * One line for a message from {@code POST /consume}: {@code [demo@0] message-0}, with the key
   * when there is one ({@code [demo@3 key=user-1] hello}) and the partition when it is not 0
   * ({@code [demo/2@7] ...}).
   */
  static String line(ClassroomClient.Message m) {
    StringBuilder b = new StringBuilder("[").append(m.topic());
    if (m.partition() != 0) {
      b.append('/').append(m.partition());
    }
    b.append('@').append(m.offset());
    if (m.key() != null) {
      b.append(" key=").append(m.key());
    }
    b.append("] ");
    b.append(m.value() == null ? "(null)" : m.value());
    return b.toString();
  }
}
