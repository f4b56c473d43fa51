package dev.minikafka.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of minikafka, from a resource written by the build. */
final class Version implements IVersionProvider {
  private static final String RESOURCE = "/minikafka-version.properties";

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code development}. */
  static String current() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "development";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      return v.isEmpty() || v.startsWith("$") ? "development" : v;
    } catch (IOException e) {
      return "development";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "minikafka " + current(),
      "Java ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"
    };
  }
}
