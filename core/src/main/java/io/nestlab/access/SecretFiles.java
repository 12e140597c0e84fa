package io.nestlab.access;

import io.nestlab.NestLabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
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
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  private SecretFiles() {}

  /** Writes {@code secret} to {@code file} with mode 0600, replacing it atomically. */
  public static void write(Path file, Secret secret) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      createPrivateDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", fileMode());
      restrictToOwner(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(secret.revealBytes());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new NestLabException(
          "cannot write the secret file "
              + target
              + ": "
              + e.getMessage()
              + "; check that its directory is writable by you",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file holds at most what we failed to write
        }
      }
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

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix()) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static FileAttribute<?>[] fileMode() {
    return posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
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
