package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlueprintStoreTest {
  @TempDir Path dir;

  private static Blueprint base() {
    LabSpec spec =
        LabSpec.builder()
            .name("lab")
            .esxi(new EsxiSpec("8.0U3", 2, "esx", 4, 16, 32, 100, Map.of()))
            .build();
    return new Blueprint(
        "base",
        "aws",
        "us-east-1",
        "snap-0abc",
        400,
        120,
        spec,
        "0123456789abcdef",
        "8.0U3",
        null,
        "lab-abc123",
        "alice",
        Instant.parse("2026-11-24T10:00:00Z"),
        Instant.parse("2026-12-24T10:00:00Z"),
        new BigDecimal("6.00"),
        Map.of());
  }

  @Test
  void aBlueprintReadsBackAsWrittenWithItsCopies() {
    FileBlueprintStore store = FileBlueprintStore.at(dir.resolve("blueprints"));
    Blueprint b = base().withCopy("eu-west-1", "snap-0def");
    store.save(b);
    assertEquals(Optional.of(b), store.find("base"));
    assertEquals(List.of(b), store.list());
    assertEquals(Optional.of("snap-0def"), b.snapshotIn("eu-west-1"));
    assertEquals(Optional.of("snap-0abc"), b.snapshotIn("us-east-1"));
    assertEquals(120, b.billedGib());
    store.remove("base");
    assertEquals(List.of(), store.list());
  }

  @Test
  void badNamesAndDamagedRecordsAreRefusedSayingWhatToDo() throws Exception {
    FileBlueprintStore store = FileBlueprintStore.at(dir);
    // Bad input (exit 1 in the CLI), like a bad lab id; not a state problem (design 0185).
    io.nestlab.InvalidSpecException bad =
        assertThrows(io.nestlab.InvalidSpecException.class, () -> store.find("../labs/x"));
    assertTrue(bad.getMessage().contains("is not a blueprint name"), bad.getMessage());
    Files.writeString(dir.resolve("broken.json"), "{ not json");
    LabStateException damaged = assertThrows(LabStateException.class, () -> store.find("broken"));
    assertTrue(damaged.getMessage().contains("fix or delete the file"), damaged.getMessage());
  }

  @Test
  void theStoreBesideADirectoryOfLabsIsItsSibling() {
    BlueprintStore s = BlueprintStore.beside(FileLabStore.at(dir.resolve("labs")));
    assertEquals(dir.resolve("blueprints").toAbsolutePath().toString(), s.location());
  }
}
