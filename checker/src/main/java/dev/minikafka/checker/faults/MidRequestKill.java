package dev.minikafka.checker.faults;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP client killed mid-request: it writes a produce request on a plain socket and resets
 * the connection (SO_LINGER 0) either right after the whole request, without reading the answer
 * (the write's outcome is then unknown), or half-way through the body (the broker never got the
 * whole request, so the write definitely failed and must never appear).
 */
public final class MidRequestKill {
  private MidRequestKill() {}

  /** Sends one such request for {@code value} to {@code tp}; returns what it did. */
  public static String run(
      int port, TopicPartition tp, String value, boolean cutBody, History history, long seq)
      throws IOException {
    String client = "killed-client";
    byte[] body =
        ("{\"records\":[{\"partition\":" + tp.partition() + ",\"value\":\"" + value + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST /v1/topics/"
                + tp.topic()
                + "/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    Action.Send send = new Action.Send(client, seq, tp, value, -1);
    long invoked = history.now();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      socket.setSoLinger(true, 0);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body, 0, cutBody ? body.length / 2 : body.length);
      out.flush();
    } catch (IOException e) {
      history.record(client, invoked, Outcome.UNKNOWN, send, "could not send: " + e.getMessage());
      return "connection failed: " + e.getMessage();
    }
    if (cutBody) {
      history.record(client, invoked, Outcome.FAILED, send, "body cut off half-way by the client");
      return "reset half-way through the body of " + value + " to " + tp;
    }
    history.record(client, invoked, Outcome.UNKNOWN, send, "reset before reading the answer");
    return "reset after sending " + value + " to " + tp + ", before the answer";
  }
}
