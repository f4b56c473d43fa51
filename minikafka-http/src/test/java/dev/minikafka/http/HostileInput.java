package dev.minikafka.http;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile inputs of the route tests, as data: request bodies that cannot be held in memory,
 * names that try to leave the data directory or pass for another, and the routes that take a topic
 * or group name, and the statuses they get. {@link HostileCases} makes requests of them. Stateless.
 */
public final class HostileInput {
  private HostileInput() {}

  /** The media type of the binary produce route. */
  static final String BATCH_TYPE = "application/vnd.kafka.record-batch.v2";

  /** What a request carries. */
  public sealed interface Body {
    /** No body. */
    record None() implements Body {}

    /** These bytes, with a Content-Length. Not copied: build one per case and leave it alone. */
    final class Bytes implements Body {
      private final byte[] bytes;
      private final String contentType;

      Bytes(byte[] bytes, String contentType) {
        this.bytes = bytes;
        this.contentType = contentType;
      }

      byte[] bytes() {
        return bytes;
      }

      String contentType() {
        return contentType;
      }
    }

    /**
     * {@code size} bytes of {@code 'x'} made while they are sent, chunked, with no Content-Length:
     * never held in memory, on either side.
     */
    record Streamed(long size, String contentType) implements Body {}

    /** A JSON text. */
    static Body json(String text) {
      return new Bytes(text.getBytes(StandardCharsets.UTF_8), "application/json");
    }
  }

  /** An input stream of {@code size} bytes of {@code 'x'}, generated as it is read. */
  public static InputStream generated(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
  }

  /**
   * A status and Kafka error code that a case must get.
   *
   * @param status the HTTP status
   * @param code the {@code error_code} of the body
   */
  public record Expect(int status, int code) {
    @Override
    public String toString() {
      return status + "/" + code;
    }
  }

  static final Expect INVALID_TOPIC = new Expect(400, 17);
  static final Expect INVALID_REQUEST = new Expect(400, 42);
  static final Expect INVALID_GROUP = new Expect(400, 24);
  static final Expect UNKNOWN_TOPIC = new Expect(404, 3);
  static final Expect UNKNOWN_GROUP = new Expect(404, 69);
  static final Expect UNKNOWN_MEMBER = new Expect(404, 25);
  static final Expect MALFORMED_REQUEST_LINE = new Expect(400, 42);
  static final Expect TOO_LARGE = new Expect(413, 10);

  /**
   * A name to try wherever a topic or group name goes.
   *
   * @param label how the case is named in reports
   * @param raw the name itself
   * @param pathSegment the name as a client puts it in a URL path segment (percent-encoded)
   * @param legalTopic whether it is a legal topic name (then only routes that create nothing take
   *     it)
   * @param legalGroup whether it is a legal group id
   */
  public record Name(
      String label, String raw, String pathSegment, boolean legalTopic, boolean legalGroup) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** The names of the issue: escapes, separators, control characters, lengths, look-alikes. */
  public static List<Name> names() {
    List<Name> out = new ArrayList<>();
    out.add(name("../x", "../x", false, false));
    out.add(name("a/b", "a/b", false, false));
    out.add(name("a\\b", "a\\b", false, false));
    // Literally these nine characters; a server that decoded twice would see "../".
    out.add(name("%2e%2e%2f literally", "%2e%2e%2f", false, false));
    out.add(name("NUL", "a\0b", false, false));
    out.add(name("newline", "a\nb", false, false));
    out.add(name("tab", "a\tb", false, false));
    out.add(name("249 chars", "t".repeat(249), true, true));
    out.add(name("250 chars", "t".repeat(250), false, false));
    out.add(name("256 chars", "t".repeat(256), false, false));
    out.add(name("Cyrillic e", "d\u0435mo", false, false));
    out.add(name("fullwidth", "\uFF44\uFF45\uFF4D\uFF4F", false, false));
    out.add(name("dotless i", "\u0131nfo", false, false));
    out.add(name("combining dot", "demo\u0307", false, false));
    out.add(name("right-to-left mark", "demo\u200F", false, false));
    out.add(name("space", "de mo", false, false));
    out.add(name("__consumer_offsets", "__consumer_offsets", false, true));
    out.add(name("dot", ".", false, true));
    out.add(name("dot dot", "..", false, true));
    return out;
  }

  private static Name name(String label, String raw, boolean legalTopic, boolean legalGroup) {
    return new Name(label, raw, segment(raw), legalTopic, legalGroup);
  }

  /** {@code raw} percent-encoded for a path segment (every byte outside unreserved characters). */
  static String segment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace(".", "%2E")
        .replace("*", "%2A");
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
