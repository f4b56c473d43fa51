package dev.minikafka.core;

import dev.minikafka.core.errors.InvalidTopicException;

/**
 * Kafka's rule for topic names: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, and neither {@code
 * .} nor {@code ..}. The rule also keeps every path built from a topic name inside the data
 * directory: no separator, no parent reference, nothing outside ASCII.
 */
public final class TopicNames {
  /** The longest legal name, leaving room for a partition suffix in a file name. */
  public static final int MAX_LENGTH = 249;

  private TopicNames() {}

  /**
   * Returns the name unchanged when it is legal.
   *
   * @throws InvalidTopicException naming the rule it breaks
   */
  public static String validate(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidTopicException("topic name is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidTopicException(
          "topic name is " + name.length() + " characters long; at most " + MAX_LENGTH);
    }
    if (name.equals(".") || name.equals("..")) {
      throw new InvalidTopicException("topic name cannot be '.' or '..'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLegal(c)) {
        throw new InvalidTopicException(
            "topic name has an illegal character at index "
                + i
                + " (U+"
                + String.format("%04X", (int) c)
                + "); allowed are ASCII letters, digits, '.', '_' and '-'");
      }
    }
    return name;
  }

  /** Returns whether the name is legal, without saying why not. */
  public static boolean isValid(String name) {
    try {
      validate(name);
      return true;
    } catch (InvalidTopicException e) {
      return false;
    }
  }

  private static boolean isLegal(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }
}
