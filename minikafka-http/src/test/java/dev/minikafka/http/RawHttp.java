package dev.minikafka.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange on a connection of its own, for what the JDK's client does not do: a body
 * streamed chunked from a generator while the answer is read (as curl does; the JDK's client sends
 * the whole body before it reads), or a request line written byte for byte. Each call owns its
 * socket and a writer thread; not shared.
 */
public final class RawHttp {
  private RawHttp() {}

  /** What the server answered: its status, headers (names in lower case) and body as text. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  /**
   * Sends {@code method path} to {@code 127.0.0.1:port} with {@code body} streamed in chunks (no
   * Content-Length) while reading the answer; stops sending once the answer is read.
   *
   * @throws IOException when the server closes without a whole answer
   */
  public static Answer streamed(
      int port, String method, String path, String contentType, InputStream body)
      throws IOException, InterruptedException {
    Thread writer = null;
    Answer answer;
    // Closing the socket once the answer is read stops the writer if it is still sending.
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
              + contentType
              + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      writer =
          Thread.ofPlatform().name("raw-http-body").daemon().start(() -> sendChunked(body, out));
      answer = read(s.getInputStream());
    } finally {
      if (writer != null) {
        writer.join();
      }
    }
    return answer;
  }

  private static void sendChunked(InputStream body, OutputStream out) {
    byte[] chunk = new byte[64 << 10];
    try (body) {
      int n;
      while ((n = body.read(chunk)) > 0) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException stoppedByTheServer) {
      // The server answered and closed, or the answer is read: the rest is not wanted.
    }
  }

  /** Writes {@code request} (head and body, as they are) and reads the answer. */
  public static Answer exact(int port, byte[] request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return read(s.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    Map<String, String> headers = new TreeMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    byte[] body;
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int size;
      while ((size = chunkSize(line(in))) > 0) {
        b.write(in.readNBytes(size));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Answer(
        Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /** The size of a chunk from its header line, without extensions. */
  private static int chunkSize(String header) {
    int semicolon = header.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).strip(), 16);
  }

  /** A line without its CRLF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.size();
        byte[] bytes = b.toByteArray();
        return new String(
            bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
