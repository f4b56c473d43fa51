package dev.minikafka.checker.faults;

import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * Damages the tail of a partition's last segment while the broker is down, only where no client can
 * have seen anything: past the end of the batch holding the highest offset any client observed
 * (acknowledged, polled or read) and past the broker's recovery point (offsets it checkpointed as
 * flushed, below which damage is corruption that recovery must refuse to cut). Batches there hold
 * only writes whose outcome no client knows, so whatever recovery cuts is consistent with the
 * history; the checker then holds the broker to every property as before.
 *
 * <p>Reads the v2 batch framing itself: base offset (8 bytes), batch length (4 bytes, counting what
 * follows it), and the last offset delta at byte 23.
 */
public final class SegmentTail {
  private static final String RECOVERY_POINTS = "recovery-point-offset-checkpoint";
  private static final int LENGTH_OFFSET = 8;
  private static final int LAST_OFFSET_DELTA_OFFSET = 23;
  private static final int HEADER = 61;

  /** How the tail is damaged. */
  public enum Damage {
    /** cut the file at a byte inside the unobserved batches (a torn write) */
    TORN,
    /** flip one bit of one byte of the unobserved batches */
    BIT_FLIP,
    /** append bytes that start like a batch and end too soon (a write cut short) */
    GARBAGE
  }

  private SegmentTail() {}

  /**
   * Damages {@code tp}'s last segment in {@code dataDir}, beyond offset {@code observed} (the
   * highest offset any client saw; -1 for none), and says what it did.
   */
  public static String damage(Path dataDir, TopicPartition tp, long observed, Random random)
      throws IOException {
    Path dir = dataDir.resolve(tp.toString());
    Path segment = lastSegment(dir);
    long recoveryPoint = recoveryPoint(dataDir, tp);
    long protectedBelow = Math.max(observed + 1, recoveryPoint);
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = protectedEnd(ch, protectedBelow);
      Damage kind = end < size ? Damage.values()[random.nextInt(3)] : Damage.GARBAGE;
      String where =
          segment.getFileName()
              + " of "
              + tp
              + " ("
              + size
              + " bytes; offsets below "
              + protectedBelow
              + " end at byte "
              + end
              + ")";
      switch (kind) {
        case TORN -> {
          long cut = end + 1 + (long) (random.nextDouble() * (size - end - 1));
          ch.truncate(cut);
          return "torn: cut " + where + " at byte " + cut;
        }
        case BIT_FLIP -> {
          long at = end + (long) (random.nextDouble() * (size - end));
          ByteBuffer b = ByteBuffer.allocate(1);
          ch.read(b, at);
          int bit = random.nextInt(8);
          b.put(0, (byte) (b.get(0) ^ (1 << bit)));
          ch.write(b.rewind(), at);
          return "bit flip: bit " + bit + " of byte " + at + " of " + where;
        }
        case GARBAGE -> {
          byte[] junk = new byte[1 + random.nextInt(HEADER * 2)];
          random.nextBytes(junk);
          ByteBuffer b = ByteBuffer.wrap(junk);
          if (junk.length >= LENGTH_OFFSET + 4) {
            // A plausible header: the next offset, and a length past the end of the file.
            b.putLong(0, Long.MAX_VALUE / 2 + random.nextInt(1000));
            b.putInt(LENGTH_OFFSET, junk.length + random.nextInt(1000));
          }
          ch.write(b, size);
          return "garbage: appended " + junk.length + " bytes to " + where;
        }
        default -> throw new AssertionError(kind);
      }
    }
  }

  /** The byte position where the batches holding offsets below {@code below} end. */
  static long protectedEnd(FileChannel ch, long below) throws IOException {
    long size = ch.size();
    long position = 0;
    ByteBuffer header = ByteBuffer.allocate(LAST_OFFSET_DELTA_OFFSET + 4);
    while (position + header.capacity() <= size) {
      header.clear();
      ch.read(header, position);
      long base = header.getLong(0);
      int length = header.getInt(LENGTH_OFFSET);
      long last = base + header.getInt(LAST_OFFSET_DELTA_OFFSET);
      long next = position + LENGTH_OFFSET + 4 + length;
      if (base >= below || length <= 0 || next > size) {
        return position;
      }
      position = next;
      if (last + 1 >= below) {
        return position;
      }
    }
    return position;
  }

  private static Path lastSegment(Path dir) throws IOException {
    Path last = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
      for (Path f : files) {
        if (last == null
            || f.getFileName().toString().compareTo(last.getFileName().toString()) > 0) {
          last = f;
        }
      }
    }
    if (last == null) {
      throw new IOException("no segment in " + dir);
    }
    return last;
  }

  /** The offset below which the broker checkpointed {@code tp} as flushed; 0 when none. */
  static long recoveryPoint(Path dataDir, TopicPartition tp) throws IOException {
    Path file = dataDir.resolve(RECOVERY_POINTS);
    if (!Files.exists(file)) {
      return 0;
    }
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
      String[] parts = line.strip().split(" ", -1);
      if (parts.length == 3
          && parts[0].equals(tp.topic())
          && parts[1].equals(Integer.toString(tp.partition()))) {
        return Long.parseLong(parts[2]);
      }
    }
    return 0;
  }
}
