package io.nestlab.access;

import io.nestlab.NestLabException;
import io.nestlab.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads and writes the lab's secret files: the private key and the fetched credentials. A secret
 * file is created with mode 0600 (owner read/write only) before a byte is written, filled through a
 * temporary file in the same directory, flushed to disk and renamed into place, so a reader never
 * sees a half-written or world-readable secret. Its directory is created 0700 when missing.
 */
public final class SecretFiles {
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  private SecretFiles() {}

  /** Writes {@code secret} to {@code file} with mode 0600, replacing it atomically. */
  public static void write(Path file, Secret secret) {
    Path target = file.toAbsolutePath();
    try {
      AtomicFiles.write(target, secret.revealBytes());
      if (!posix()) {
        restrictToOwner(target);
      }
    } catch (IOException e) {
      throw new NestLabException(
          "cannot write the secret file "
              + target
              + ": "
              + e.getMessage()
              + "; check that its directory is writable by you",
          e);
    }
  }

  /** Reads a secret file. */
  public static Secret read(Path file) {
    try {
      return Secret.ofBytes(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new NestLabException(
          "cannot read the secret file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code file} can be read or written by others than its owner (POSIX only). */
  public static boolean isExposed(Path file) {
    if (!posix()) {
      return false;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return !FILE_MODE.containsAll(perms);
    } catch (IOException e) {
      throw new NestLabException("cannot read the permissions of " + file.toAbsolutePath(), e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    if (posix()) {
      // The umask cannot widen 0600, but set it explicitly in case the file system ignores it.
      Files.setPosixFilePermissions(file, FILE_MODE);
    } else {
      var f = file.toFile();
      f.setReadable(false, false);
      f.setWritable(false, false);
      f.setReadable(true, true);
      f.setWritable(true, true);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
