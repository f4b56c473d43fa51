package dev.minikafka.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.storage.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
  @TempDir Path dir;

  @Test
  void offsetIndexFindsTheLargestEntryAtOrBelowTheTarget() throws Exception {
    try (OffsetIndex index = new OffsetIndex(dir.resolve("a.index"), FileIo.DEFAULT, 100, false)) {
      assertThat(index.lookup(150)).isEqualTo(new OffsetIndex.Entry(100, 0));
      for (int i = 1; i <= 1000; i++) {
        index.append(100 + i * 10L, i * 100);
      }
      assertThat(index.lookup(99)).isEqualTo(new OffsetIndex.Entry(100, 0));
      assertThat(index.lookup(109)).isEqualTo(new OffsetIndex.Entry(100, 0));
      assertThat(index.lookup(110)).isEqualTo(new OffsetIndex.Entry(110, 100));
      assertThat(index.lookup(5_555)).isEqualTo(new OffsetIndex.Entry(5_550, 54_500));
      assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(new OffsetIndex.Entry(10_100, 100_000));
      assertThat(index.isConsistent(100_001)).isTrue();
      assertThat(index.isConsistent(100_000)).isFalse();
    }
    assertThat(Files.size(dir.resolve("a.index"))).isEqualTo(8_000);
  }

  @Test
  void theFileHoldsKafkasEightByteEntriesAndSurvivesSealingAndReopening() throws Exception {
    Path path = dir.resolve("b.index");
    try (OffsetIndex index = new OffsetIndex(path, FileIo.DEFAULT, 1_000, false)) {
      index.append(1_005, 4_096);
      index.append(1_010, 8_200);
      index.seal(true);
      assertThat(index.lookup(1_012)).isEqualTo(new OffsetIndex.Entry(1_010, 8_200));
    }
    ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(path));
    assertThat(raw.getInt(0)).isEqualTo(5);
    assertThat(raw.getInt(4)).isEqualTo(4_096);
    assertThat(raw.getInt(8)).isEqualTo(10);
    assertThat(raw.getInt(12)).isEqualTo(8_200);
    try (OffsetIndex index = new OffsetIndex(path, FileIo.DEFAULT, 1_000, true)) {
      assertThat(index.count()).isEqualTo(2);
      assertThat(index.last()).isEqualTo(new OffsetIndex.Entry(1_010, 8_200));
      index.unseal();
      index.append(1_020, 9_000);
      index.truncateTo(1_010);
      assertThat(index.last()).isEqualTo(new OffsetIndex.Entry(1_005, 4_096));
    }
    assertThat(Files.size(path)).isEqualTo(8);
  }

  @Test
  void aPartialEntryMakesTheIndexInconsistent() throws Exception {
    Path path = dir.resolve("c.index");
    Files.write(path, new byte[] {0, 0, 0, 1, 0, 0, 0, 9, 7});
    try (OffsetIndex index = new OffsetIndex(path, FileIo.DEFAULT, 0, true)) {
      assertThat(index.isConsistent(100)).isFalse();
    }
  }

  @Test
  void timeIndexAddsEntriesOnlyWhenTheTimestampGrows() throws Exception {
    Path path = dir.resolve("d.timeindex");
    try (TimeIndex index = new TimeIndex(path, FileIo.DEFAULT, 50, false)) {
      index.maybeAppend(1_000, 55);
      index.maybeAppend(900, 60);
      index.maybeAppend(1_000, 61);
      index.maybeAppend(2_000, 70);
      assertThat(index.count()).isEqualTo(2);
      assertThat(index.lookup(999)).isEqualTo(new TimeIndex.Entry(-1, 50));
      assertThat(index.lookup(1_500)).isEqualTo(new TimeIndex.Entry(1_000, 55));
      assertThat(index.last()).isEqualTo(new TimeIndex.Entry(2_000, 70));
      assertThat(index.isConsistent(71)).isTrue();
      assertThat(index.isConsistent(70)).isFalse();
    }
    ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(path));
    assertThat(raw.remaining()).isEqualTo(24);
    assertThat(raw.getLong(12)).isEqualTo(2_000);
    assertThat(raw.getInt(20)).isEqualTo(20);
  }
}
