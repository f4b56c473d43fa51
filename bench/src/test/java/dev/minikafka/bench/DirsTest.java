package dev.minikafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirsTest {
  private static final String PREFIX = "run-";

  @Test
  void sweepDeletesOnlyTheDirectoriesOfProcessesThatAreGone(@TempDir Path base) throws Exception {
    Path live = Dirs.owned(base, PREFIX);
    Files.writeString(live.resolve("segment.log"), "kept");

    Path abandoned = Dirs.owned(base, PREFIX);
    Files.createDirectories(abandoned.resolve("data/topic-0"));
    Files.writeString(abandoned.resolve("data/topic-0/00000000000000000000.log"), "left behind");
    Files.writeString(abandoned.resolve("owner.pid"), Long.toString(endedProcessId()));

    Path unmarked = Files.createDirectory(base.resolve(PREFIX + "unmarked"));
    Path otherPrefix = Dirs.owned(base, "other-");
    Files.writeString(otherPrefix.resolve("owner.pid"), Long.toString(endedProcessId()));

    assertThat(Dirs.sweepAbandoned(base, PREFIX)).containsExactly(abandoned);

    assertThat(abandoned).doesNotExist();
    assertThat(live.resolve("segment.log")).hasContent("kept");
    assertThat(unmarked).isDirectory();
    assertThat(otherPrefix).isDirectory();
  }

  @Test
  void anOwnedDirectoryNamesThisProcess(@TempDir Path base) throws Exception {
    Path dir = Dirs.owned(base, PREFIX);

    assertThat(dir.getFileName().toString()).startsWith(PREFIX);
    assertThat(dir.resolve("owner.pid")).hasContent(Long.toString(ProcessHandle.current().pid()));
    assertThat(Dirs.sweepAbandoned(base, PREFIX)).isEmpty();
  }

  /** The id of a process that has ended (a short-lived child, waited for). */
  private static long endedProcessId() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
