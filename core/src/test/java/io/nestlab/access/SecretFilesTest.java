package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void writesOwnerOnlyFilesInOwnerOnlyDirectoriesAndReplacesAtomically() throws IOException {
    Path file = dir.resolve("labs/lab-1/secrets/credentials.json");
    SecretFiles.write(file, Secret.of("first"));
    SecretFiles.write(file, Secret.of("second"));

    assertEquals("second", SecretFiles.read(file).reveal());
    assertEquals("rw-------", mode(file));
    assertEquals("rwx------", mode(file.getParent()));
    assertFalse(SecretFiles.isExposed(file));
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertEquals(1, left.count(), "no temporary file is left behind");
    }
  }

  @Test
  void tightensAFileThatWasWorldReadable() throws IOException {
    Path file = dir.resolve("key");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(SecretFiles.isExposed(file));

    SecretFiles.write(file, Secret.of("new"));

    assertEquals("rw-------", mode(file));
  }

  @Test
  void aMissingFileIsNamedInTheError() {
    NestLabException e =
        assertThrows(NestLabException.class, () -> SecretFiles.read(dir.resolve("gone")));
    assertTrue(e.getMessage().contains(dir.resolve("gone").toString()), e.getMessage());
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
