package dev.minikafka.checker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tail damage touches only bytes past the batches holding observed offsets and past the
 * recovery point, on a segment of hand-made batch frames.
 */
class SegmentTailTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  @TempDir Path dataDir;

  /** Three batches: offsets 0-1 (100 bytes), 2-4 (80 bytes), 5 (60 bytes). */
  private byte[] segment() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(240);
    frame(b, 0, 1, 100);
    frame(b, 2, 2, 80);
    frame(b, 5, 0, 60);
    byte[] bytes = b.array();
    Files.createDirectories(dataDir.resolve("t-0"));
    Files.write(dataDir.resolve("t-0/00000000000000000000.log"), bytes);
    return bytes;
  }

  private static void frame(ByteBuffer b, long base, int lastDelta, int size) {
    int at = b.position();
    b.putLong(at, base);
    b.putInt(at + 8, size - 12);
    b.putInt(at + 23, lastDelta);
    for (int i = at + 27; i < at + size; i++) {
      b.put(i, (byte) 7);
    }
    b.position(at + size);
  }

  @Test
  void damageStaysPastTheBatchOfTheHighestObservedOffset() throws IOException {
    for (int seed = 0; seed < 200; seed++) {
      byte[] before = segment();
      String did = SegmentTail.damage(dataDir, TP, 3, new Random(seed));
      byte[] after = Files.readAllBytes(dataDir.resolve("t-0/00000000000000000000.log"));
      // Offset 3 is in the second batch, which ends at byte 180: those bytes are untouched.
      assertThat(after.length).as(did).isGreaterThan(180);
      assertThat(Arrays.copyOf(after, 180)).as(did).isEqualTo(Arrays.copyOf(before, 180));
      assertThat(after).as(did).isNotEqualTo(before);
    }
  }

  @Test
  void theRecoveryPointProtectsWhatNoClientSaw() throws IOException {
    segment();
    Files.writeString(dataDir.resolve("recovery-point-offset-checkpoint"), "0\n1\nt 0 6\n");
    assertThat(SegmentTail.recoveryPoint(dataDir, TP)).isEqualTo(6);
    byte[] before = Files.readAllBytes(dataDir.resolve("t-0/00000000000000000000.log"));
    String did = SegmentTail.damage(dataDir, TP, -1, new Random(1));
    byte[] after = Files.readAllBytes(dataDir.resolve("t-0/00000000000000000000.log"));
    assertThat(did).startsWith("garbage");
    assertThat(Arrays.copyOf(after, before.length)).isEqualTo(before);
    assertThat(after.length).isGreaterThan(before.length);
  }

  @Test
  void nothingObservedLeavesTheWholeSegmentToDamage() throws IOException {
    segment();
    try (var ch =
        java.nio.channels.FileChannel.open(dataDir.resolve("t-0/00000000000000000000.log"))) {
      assertThat(SegmentTail.protectedEnd(ch, 0)).isZero();
      assertThat(SegmentTail.protectedEnd(ch, 1)).isEqualTo(100);
      assertThat(SegmentTail.protectedEnd(ch, 2)).isEqualTo(100);
      assertThat(SegmentTail.protectedEnd(ch, 3)).isEqualTo(180);
      assertThat(SegmentTail.protectedEnd(ch, 6)).isEqualTo(240);
    }
  }
}
