package dev.minikafka.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** How the classroom consumer prints a message. */
final class Messages {
  private Messages() {}

  /**
   * One line for a message from {@code POST /consume}: {@code [demo@0] message-0}, with the key
   * when there is one ({@code [demo@3 key=user-1] hello}) and the partition when it is not 0
   * ({@code [demo/2@7] ...}).
   */
  static String line(JsonNode m) {
    StringBuilder b = new StringBuilder("[").append(m.path("topic").asText());
    int partition = m.path("partition").asInt(0);
    if (partition != 0) {
      b.append('/').append(partition);
    }
    b.append('@').append(m.path("offset").asLong());
    JsonNode key = m.get("key");
    if (key != null && !key.isNull()) {
      b.append(" key=").append(key.asText());
    }
    b.append("] ");
    JsonNode value = m.get("value");
    b.append(value == null || value.isNull() ? "(null)" : value.asText());
    return b.toString();
  }
}
