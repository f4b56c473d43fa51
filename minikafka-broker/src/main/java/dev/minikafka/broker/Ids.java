package dev.minikafka.broker;

import dev.minikafka.core.errors.InvalidRequestException;
import java.util.UUID;

/**
 * The rule for producer and consumer ids: 1 to 249 characters of ASCII letters, digits, {@code .},
 * {@code _}, {@code -}, {@code @} and {@code :}. The rule keeps ids safe to show and to use in keys
 * of the broker's own state. Stateless.
 */
public final class Ids {
  private Ids() {}

  /**
   * Returns the id when legal, a new one starting with {@code prefix} when absent.
   *
   * @throws InvalidRequestException naming the field and the rule
   */
  public static String validateOrGenerate(String field, String id, String prefix) {
    if (id == null) {
      return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
    if (id.isEmpty() || id.length() > 249) {
      throw new InvalidRequestException(field + " must be 1 to 249 characters long");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-'
              || c == '@'
              || c == ':';
      if (!ok) {
        throw new InvalidRequestException(
            field
                + " has an illegal character at index "
                + i
                + "; allowed are ASCII letters, digits and . _ - @ :");
      }
    }
    return id;
  }
}
