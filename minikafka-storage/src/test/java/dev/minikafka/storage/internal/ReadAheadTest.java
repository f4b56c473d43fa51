package dev.minikafka.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-ahead is a hint: it never changes the file and is gone once closed. */
class ReadAheadTest {
  @TempDir Path tmp;

  private static Set<Thread> readAheadThreads() {
    Set<Thread> threads = Thread.getAllStackTraces().keySet();
    threads.removeIf(t -> !t.getName().equals("minikafka-read-ahead"));
    return threads;
  }

  @Test
  void readsALargeFileAheadAndStopsWhenClosedEvenWhenTheFileIsCutAfterwards() throws IOException {
    Path file = tmp.resolve("big.log");
    long size = ReadAhead.MIN_BYTES + 12345;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {42}), size - 1);
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ReadAhead ahead = ReadAhead.start(ch, size);
      ahead.close();
      assertThat(readAheadThreads()).isEmpty();
      ch.truncate(10);
      assertThat(ch.size()).isEqualTo(10);
    }
  }

  @Test
  void smallFilesGetNoThread() throws IOException {
    Path file = tmp.resolve("small.log");
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[4096]));
      try (ReadAhead ahead = ReadAhead.start(ch, ch.size())) {
        assertThat(readAheadThreads()).isEmpty();
        assertThat(ahead).isNotNull();
      }
    }
  }
}
