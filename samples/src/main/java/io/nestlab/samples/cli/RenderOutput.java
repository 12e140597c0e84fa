package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where {@code render --out DIR} writes: only regular files it creates itself, never through a
 * symbolic link (docs/design/0090-damaged-records.md, "render's output"). Each file is written to a
 * new temporary file beside it and renamed into place, so an existing file, a hard link or a link
 * planted meanwhile is replaced, never written into. A bad target is the user's error, named.
 */
final class RenderOutput {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path dir;

  private RenderOutput(Path dir) {
    this.dir = dir;
  }

  /**
   * The output directory {@code dir}, created when missing; checks that every one of {@code
   * relativePaths} can be written as a regular file of NestLab's, naming each one that cannot.
   */
  static RenderOutput open(Path dir, Collection<String> relativePaths) {
    Path d = dir.toAbsolutePath().normalize();
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw new NestLabException(
          dir
              + " is not a directory; --out names the directory to write to (created when missing)");
    }
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
    RenderOutput out = new RenderOutput(d);
    Set<String> problems = new LinkedHashSet<>();
    for (String rel : relativePaths) {
      String problem = out.problem(rel);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new NestLabException(
          "render writes only regular files it creates, and never through a symbolic link, so"
              + " nothing was written to "
              + dir
              + ":\n  - "
              + String.join("\n  - ", problems)
              + "\nremove them, or choose an empty directory");
    }
    return out;
  }

  /** Why {@code rel} cannot be written, or null. */
  private String problem(String rel) {
    Path p = dir;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length; i++) {
      p = p.resolve(parts[i]);
      boolean last = i == parts.length - 1;
      if (Files.isSymbolicLink(p)) {
        return p + " is a symbolic link";
      }
      if (!Files.exists(p, NOFOLLOW)) {
        return null;
      }
      if (last && !Files.isRegularFile(p, NOFOLLOW)) {
        return p + " is not a regular file";
      }
      if (!last && !Files.isDirectory(p, NOFOLLOW)) {
        return p + " is not a directory";
      }
    }
    return null;
  }

  /** Writes {@code bytes} as {@code rel}, mode 0755 when {@code executable}, else 0644. */
  Path write(String rel, byte[] bytes, boolean executable) {
    Path target = target(rel);
    Path tmp = null;
    try {
      Path parent = directories(target.getParent());
      tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
      Files.write(tmp, bytes);
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(
            tmp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      return target;
    } catch (IOException e) {
      throw cannotWrite(target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // already failing
        }
      }
    }
  }

  /** Deletes {@code rel} when it is a regular file (left by an earlier render). */
  void deleteStale(String rel) {
    Path target = target(rel);
    try {
      if (Files.isRegularFile(target, NOFOLLOW)) {
        Files.delete(target);
      }
    } catch (IOException e) {
      throw cannotWrite(target, e);
    }
  }

  Path resolve(String rel) {
    return target(rel);
  }

  private Path target(String rel) {
    Path target = dir.resolve(rel).normalize();
    if (!target.startsWith(dir) || target.equals(dir)) {
      throw new IllegalStateException("file path leaves the directory: " + rel);
    }
    return target;
  }

  /** Creates the directories from {@link #dir} down to {@code d}, refusing any symbolic link. */
  private Path directories(Path d) throws IOException {
    List<Path> chain = new ArrayList<>();
    for (Path p = d; !p.equals(dir); p = p.getParent()) {
      chain.add(0, p);
    }
    for (Path p : chain) {
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p, NOFOLLOW)) {
          throw new NestLabException(
              p
                  + (Files.isSymbolicLink(p) ? " is a symbolic link" : " is not a directory")
                  + "; render writes only into directories, never through a link; remove it");
        }
      }
    }
    return d;
  }

  private static NestLabException cannotWrite(Path where, IOException e) {
    String why =
        e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : e instanceof java.nio.file.NoSuchFileException
                ? "a directory on the way does not exist"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new NestLabException(
        "cannot write " + where + " (" + why + "); choose a directory you can write to with --out",
        e);
  }
}
