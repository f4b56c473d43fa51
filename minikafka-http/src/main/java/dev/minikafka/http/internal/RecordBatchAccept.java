package dev.minikafka.http.internal;

import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.storage.record.Compression;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a read asks for its answer as record batches, and which codecs it decodes: the {@code
 * Accept} header lists {@code application/vnd.kafka.record-batch.v2} (with a q-value above 0),
 * optionally with a {@code codecs} parameter, e.g. {@code codecs="none,gzip"} (quoted, as a
 * parameter value holding a comma must be). Without the parameter the reader decodes uncompressed
 * batches only. Any other {@code Accept}, or none, means JSON.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordBatchAccept {
  /** The media type of record batches, asked for in {@code Accept} and answered in. */
  static final String TYPE = V1TopicRoutes.RECORD_BATCH_TYPE;

  private RecordBatchAccept() {}

  /**
   * The codecs the reader decodes ({@link Compression#NONE} always among them) when {@code accept}
   * asks for record batches; null when it asks for JSON.
   *
   * @throws InvalidRequestException for a codec name that is not one of Kafka's
   */
  static Set<Compression> codecs(String accept) {
    if (accept == null) {
      return null;
    }
    for (String range : split(accept, ',')) {
      List<String> parts = split(range, ';');
      if (!parts.get(0).strip().equalsIgnoreCase(TYPE)) {
        continue;
      }
      Set<Compression> codecs = EnumSet.of(Compression.NONE);
      boolean accepted = true;
      for (String param : parts.subList(1, parts.size())) {
        int eq = param.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = unquote(param.substring(eq + 1).strip());
        if (name.equals("q")) {
          accepted = !isZero(value);
        } else if (name.equals("codecs")) {
          for (String codec : value.split(",", -1)) {
            codecs.add(codec(codec.strip()));
          }
        }
      }
      if (accepted) {
        return codecs;
      }
    }
    return null;
  }

  private static Compression codec(String name) {
    for (Compression c : Compression.values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new InvalidRequestException(
        "Accept: codec '"
            + name
            + "' of "
            + TYPE
            + " is unknown; the codecs are none, gzip, snappy, lz4 and zstd");
  }

  private static boolean isZero(String q) {
    try {
      return Double.parseDouble(q) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /** Splits on {@code separator} outside double quotes. */
  private static List<String> split(String text, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        out.add(text.substring(from, i));
        from = i + 1;
      }
    }
    out.add(text.substring(from));
    return out;
  }
}
