package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nestlab.InvalidSpecException;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab file read ahead (docs/design/0200) gives what reading it then gives: the same lab, the same
 * problems, and the file's current text when it changed in between.
 */
class LabsAheadTest {
  private static final Path ARTICLE =
      Path.of(System.getProperty("nestlab.repo.dir", ".."))
          .resolve("samples/labs/article-lab.yaml");

  @TempDir Path dir;

  @Test
  void theLabReadAheadIsTheLabReadThen() throws Exception {
    Path lab = Files.copy(ARTICLE, dir.resolve("ahead.yaml"));
    runAll(LabsAhead.register(List.of("--json", lab.toString(), "us-east-1")));
    LabSpec read = LabsAhead.read(lab);
    assertEquals(LabSpecs.read(lab), read);
    assertSame(read, LabsAhead.read(lab), "the result made ahead");
  }

  @Test
  void aFileChangedSinceIsReadAgain() throws Exception {
    Path lab = Files.copy(ARTICLE, dir.resolve("changed.yaml"));
    runAll(LabsAhead.register(List.of(lab.toString())));
    LabSpec ahead = LabsAhead.read(lab);
    Files.writeString(lab, Files.readString(lab).replace("upgrade-rehearsal", "renamed"));
    LabSpec now = LabsAhead.read(lab);
    assertNotSame(ahead, now);
    assertEquals("renamed", now.name());
  }

  @Test
  void aBrokenFileFailsWithTheProblemsReadingGives() throws Exception {
    Path lab = dir.resolve("broken.yaml");
    Files.writeString(lab, "apiVersion: nestlab/v1\nname: Not_Valid\n");
    runAll(LabsAhead.register(List.of(lab.toString())));
    InvalidSpecException ahead =
        assertThrows(InvalidSpecException.class, () -> LabsAhead.read(lab));
    InvalidSpecException then = assertThrows(InvalidSpecException.class, () -> LabSpecs.read(lab));
    assertEquals(then.getMessage(), ahead.getMessage());
  }

  @Test
  void aFileNotRegisteredOrNotYetReadIsReadByTheCaller() throws Exception {
    Path lab = Files.copy(ARTICLE, dir.resolve("late.yaml"));
    assertEquals(LabSpecs.read(lab), LabsAhead.read(lab)); // never registered
    Path other = Files.copy(ARTICLE, dir.resolve("registered.yaml"));
    LabsAhead.register(List.of(other.toString())); // registered, its task never run by another
    assertEquals(LabSpecs.read(other), LabsAhead.read(other));
  }

  private static void runAll(List<? extends Once<?>> tasks) {
    for (Once<?> t : tasks) {
      t.run();
    }
  }
}
