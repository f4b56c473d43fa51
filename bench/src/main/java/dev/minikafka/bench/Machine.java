package dev.minikafka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/** What the report says about the machine: read from /proc and /sys where Linux has them. */
public final class Machine {
  private Machine() {}

  /**
   * The machine as the reports describe it: cpu, memory, the disk holding {@code dataDir}, os, jdk.
   */
  public static Map<String, String> describe(Path dataDir) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    m.put("memory", memory());
    m.put("disk", disk(dataDir));
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")");
    m.put(
        "jdk",
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    m.put("kafka-clients", AppInfoParser.getVersion());
    return m;
  }

  /** The 1, 5 and 15 minute load averages. */
  public static String loadAverage() {
    String s = read(Paths.get("/proc/loadavg"));
    if (s == null) {
      return "?";
    }
    String[] parts = s.trim().split(" ", -1);
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : s.trim();
  }

  private static String cpuModel() {
    String s = read(Paths.get("/proc/cpuinfo"));
    if (s != null) {
      for (String line : s.lines().toList()) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    String s = read(Paths.get("/proc/meminfo"));
    if (s != null) {
      for (String line : s.lines().toList()) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
        }
      }
    }
    return "?";
  }

  /** The device, file system and rotational flag of the mount holding {@code dir}. */
  private static String disk(Path dir) {
    String mounts = read(Paths.get("/proc/mounts"));
    if (mounts == null) {
      return "?";
    }
    String real;
    try {
      real = dir.toRealPath().toString();
    } catch (IOException e) {
      real = dir.toAbsolutePath().toString();
    }
    String bestMount = "";
    String device = "?";
    String fs = "?";
    for (String line : mounts.lines().toList()) {
      String[] f = line.split(" ", -1);
      if (f.length < 3) {
        continue;
      }
      String mount = f[1];
      boolean covers =
          real.equals(mount) || real.startsWith(mount.endsWith("/") ? mount : mount + "/");
      if (covers && mount.length() >= bestMount.length()) {
        bestMount = mount;
        device = f[0];
        fs = f[2];
      }
    }
    String name =
        Paths.get(device).getFileName() == null
            ? device
            : Paths.get(device).getFileName().toString();
    String rotational = read(Paths.get("/sys/class/block", name, "queue", "rotational"));
    if (rotational == null) {
      rotational = read(Paths.get("/sys/class/block", name, "..", "queue", "rotational"));
    }
    String kind =
        name.startsWith("vd")
            ? "virtio block device"
            : name.startsWith("nvme") ? "NVMe" : name.startsWith("sd") ? "SCSI/SATA" : "device";
    return String.format(
        Locale.ROOT,
        "%s (%s, rotational=%s as the kernel reports it), %s mounted at %s; data in %s",
        device,
        kind,
        rotational == null ? "?" : rotational.trim(),
        fs,
        bestMount,
        real);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
