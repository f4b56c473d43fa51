package dev.minikafka.http.internal;

import dev.minikafka.core.errors.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How keys, values and header values travel in {@code /v1} JSON: UTF-8 text ({@code string}, the
 * default) or base64 of the bytes ({@code base64}). Stateless and thread-safe.
 */
enum RecordFormat {
  STRING,
  BASE64;

  /**
   * The format named {@code name}, or {@link #STRING} when absent.
   *
   * @param field what to call the value in an error: a field or a query parameter
   */
  static RecordFormat parse(String field, String name) {
    if (name == null || name.equals("string")) {
      return STRING;
    }
    if (name.equals("base64")) {
      return BASE64;
    }
    throw new InvalidRequestException(
        field + " must be \"string\" or \"base64\", was \"" + name + "\"");
  }

  /**
   * The bytes a JSON string stands for in this format.
   *
   * @param what the field's path, named in the error for invalid base64
   */
  byte[] decode(String text, String what) {
    if (this == STRING) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(what + " is not valid base64: " + e.getMessage());
    }
  }

  /** The JSON string for {@code bytes} in this format; the bytes must be valid UTF-8 for string. */
  String encode(byte[] bytes) {
    return this == STRING
        ? new String(bytes, StandardCharsets.UTF_8)
        : Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether {@code bytes} (may be null) are valid UTF-8, so string format keeps them intact. */
  static boolean isUtf8(byte[] bytes) {
    if (bytes == null) {
      return true;
    }
    for (byte b : bytes) {
      if (b < 0) {
        return strictUtf8(bytes); // not plain ASCII: check properly
      }
    }
    return true;
  }

  private static boolean strictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
