package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStatus;
import io.nestlab.state.PostgresLabStore;
import io.nestlab.testing.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when, in one JVM with separate CLI runs as separate clients: a fleet {@code up}
 * on PostgreSQL, then {@code list} and {@code down --owner} from other runs see and remove the same
 * labs; and {@code state export/import} between PostgreSQL and a directory.
 */
class FleetPostgresIT {
  static PostgresServer server;

  @TempDir Path tmp;
  CliRun last;

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  int run(String... args) {
    last = CliRun.of(args);
    return last.code;
  }

  @Test
  void labsUpOnSharedStateAreListedAndDownedByOtherClients() {
    String url = server.newDatabase();
    String cloud = "dir=" + tmp.resolve("cloud");
    assertEquals(
        0,
        run(
            "up",
            FleetCommandsTest.FILE,
            "--provider",
            "fake",
            "--provider-opt",
            cloud,
            "--provider-opt",
            "transition-ms=20",
            "--count",
            "5",
            "--owner",
            "trainer",
            "--wait",
            "infrastructure",
            "--state",
            url,
            "--yes"),
        last.err.toString());
    List<String> ids = FleetCommandsTest.ids(last.out.toString(), "single-host-\\d");
    assertEquals(5, ids.size(), last.out.toString());

    // Another user of the same database sees nothing of theirs by default, and all with
    // --all-owners.
    assertEquals(0, run("list", "--state", url));
    assertTrue(last.out.toString().contains("owned by"), last.out.toString());
    assertEquals(0, run("list", "--state", url, "--all-owners"));
    for (String id : ids) {
      assertTrue(last.out.toString().contains(id), last.out.toString());
    }
    assertTrue(last.out.toString().contains("trainer"), last.out.toString());

    assertEquals(
        0,
        run("down", "--owner", "trainer", "--yes", "--state", url, "--provider-opt", cloud),
        last.err.toString() + last.out);
    assertTrue(
        last.out.toString().contains("5 of 5 labs of trainer destroyed"), last.out.toString());
    try (PostgresLabStore store = PostgresLabStore.open(url);
        FakeLabProvider fake = FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      for (String id : ids) {
        assertEquals(LabStatus.DESTROYED, store.load(id).status());
        assertTrue(fake.listOwned(TagFilter.lab(id)).isEmpty(), id);
      }
    }
  }

  @Test
  void labsMoveFromADirectoryToPostgresqlAndBack() {
    String url = server.newDatabase();
    String dir = tmp.resolve("labs").toString();
    assertEquals(
        0,
        run(
            "up",
            FleetCommandsTest.FILE,
            "--provider",
            "fake",
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=20",
            "--count",
            "2",
            "--wait",
            "infrastructure",
            "--state-dir",
            dir,
            "--yes"),
        last.err.toString());
    assertEquals(0, run("state", "import", "--state", url, "--from", dir), last.err.toString());
    assertTrue(last.out.toString().contains("2 labs copied"), last.out.toString());
    FileLabStore files = FileLabStore.at(Path.of(dir));
    try (PostgresLabStore pg = PostgresLabStore.open(url)) {
      assertEquals(files.labIds(), pg.labIds());
      for (String id : files.labIds()) {
        assertEquals(files.load(id), pg.load(id));
        assertEquals(files.secrets(id), pg.secrets(id));
      }
    }
    String back = tmp.resolve("back").toString();
    assertEquals(0, run("state", "export", "--state", url, "--to", back), last.err.toString());
    assertEquals(files.labIds(), FileLabStore.at(Path.of(back)).labIds());
    // The copy is driven from PostgreSQL: status works there, and the access commands find it.
    String id = files.labIds().get(0);
    assertEquals(0, run("status", id, "--state", url), last.err.toString());
    assertEquals(ExitCode.STATE, run("ssh", id, "--state", url, "--", "uptime"));
    assertTrue(
        last.err.toString().contains("lab " + id + " has no verified SSH access yet"),
        last.err.toString());
  }
}
