package io.nestlab.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.state.internal.AtomicFiles;
import io.nestlab.state.internal.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded state store: one directory per lab under a root (default {@code ~/.nestlab/labs}),
 * holding {@code lab.json} (the record), {@code secrets.json} (0600, secrets only) and {@code lock}
 * (the per-lab lock). Directories are 0700 and files 0600; every write is atomic; every file
 * carries a format version and a newer one than this code knows is refused.
 */
public final class FileLabStore implements LabStore {
  /** Lab ids are safe as directory names and as tag values. */
  public static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  private static final int SECRETS_FORMAT = 1;

  private final Path root;

  private FileLabStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A store under {@code root} (created 0700 on first write). */
  public static FileLabStore at(Path root) {
    return new FileLabStore(root);
  }

  /** The default root: {@code $NESTLAB_HOME/labs}, else {@code ~/.nestlab/labs}. */
  public static Path defaultRoot() {
    String home = System.getenv("NESTLAB_HOME");
    Path base =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".nestlab");
    return base.resolve("labs");
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public List<String> labIds() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("lab.json")))
          .map(d -> d.getFileName().toString())
          .filter(n -> LAB_ID.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LabStateException("cannot list labs in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<LabRecord> find(String labId) {
    Path file = dir(labId).resolve("lab.json");
    try {
      String text = Files.readString(file);
      JsonNode node = Json.mapper().readTree(text);
      checkVersion(file, node.path("formatVersion").asInt(0), LabRecord.FORMAT_VERSION);
      LabRecord r = Json.mapper().treeToValue(node, LabRecord.class);
      if (!labId.equals(r.labId())) {
        throw new LabStateException(file + " holds lab '" + r.labId() + "', not '" + labId + "'");
      }
      return Optional.of(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LabStateException(
          "cannot read " + file + ": " + e.getMessage() + "; fix or remove the file", e);
    }
  }

  @Override
  public LabRecord load(String labId) {
    return find(labId)
        .orElseThrow(
            () -> {
              List<String> known = labIds();
              return new UnknownLabException(
                  "no lab '"
                      + labId
                      + "' in "
                      + root
                      + (known.isEmpty()
                          ? " (no labs recorded there; pass --state-dir if they live elsewhere)"
                          : "; known labs: " + String.join(", ", known)));
            });
  }

  @Override
  public void save(LabRecord record) {
    Path file = dir(record.labId()).resolve("lab.json");
    try {
      AtomicFiles.write(file, Json.mapper().writeValueAsString(record));
    } catch (IOException e) {
      throw new LabStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public LabSecrets secrets(String labId) {
    Path file = dir(labId).resolve("secrets.json");
    try {
      JsonNode node = Json.mapper().readTree(Files.readString(file));
      checkVersion(file, node.path("formatVersion").asInt(0), SECRETS_FORMAT);
      Map<String, String> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : node.path("secrets").properties()) {
        values.put(e.getKey(), e.getValue().asText());
      }
      return LabSecrets.of(values);
    } catch (NoSuchFileException e) {
      return LabSecrets.empty();
    } catch (IOException e) {
      // The message names the file, never its content.
      throw new LabStateException(
          "cannot read the secrets file " + file + "; fix or remove it", null);
    }
  }

  @Override
  public void saveSecrets(String labId, LabSecrets secrets) {
    Path file = dir(labId).resolve("secrets.json");
    Map<String, Object> doc = new TreeMap<>();
    doc.put("formatVersion", SECRETS_FORMAT);
    doc.put("secrets", secrets.asMap());
    try {
      AtomicFiles.write(file, Json.mapper().writeValueAsString(doc));
    } catch (IOException e) {
      throw new LabStateException("cannot write the secrets file " + file, null);
    }
  }

  @Override
  public LabLock lock(String labId) {
    Path lockFile = dir(labId).resolve("lock");
    Path ownerFile = dir(labId).resolve("lock.owner");
    FileChannel ch = null;
    try {
      AtomicFiles.touchPrivate(lockFile);
      ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock held;
      try {
        held = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        ch.close();
        String owner = "";
        try {
          owner = " (" + Files.readString(ownerFile).trim() + ")";
        } catch (IOException e) {
          // no owner note: say nothing about it
        }
        throw new LabLockedException(
            "lab '"
                + labId
                + "' is being driven by another process"
                + owner
                + "; wait for it to finish, then try again");
      }
      // For messages only: no fsync needed, the lock itself is what counts. Private like every
      // state file (0600).
      AtomicFiles.touchPrivate(ownerFile);
      Files.writeString(
          ownerFile, "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n");
      return new FileLock2(labId, ch, held);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new LabStateException("cannot lock lab '" + labId + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void remove(String labId) {
    Path dir = dir(labId);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new LabStateException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The directory of one lab. */
  public Path dir(String labId) {
    if (labId == null || !LAB_ID.matcher(labId).matches()) {
      throw new InvalidSpecException(
          "lab id",
          List.of(
              Problem.of(
                  "lab",
                  "'"
                      + labId
                      + "' is not a lab id; ids are 2-63 lowercase letters, digits and '-' (see"
                      + " 'nestlab list')")));
    }
    return root.resolve(labId);
  }

  private static void checkVersion(Path file, int found, int known) {
    if (found < 1) {
      throw new LabStateException(file + " has no format version; it was not written by NestLab");
    }
    if (found > known) {
      throw new LabStateException(
          file
              + " has format version "
              + found
              + ", newer than this NestLab reads ("
              + known
              + "); upgrade NestLab");
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // already failing
      }
    }
  }

  private static final class FileLock2 implements LabLock {
    private final String labId;
    private final FileChannel channel;
    private final FileLock lock;

    FileLock2(String labId, FileChannel channel, FileLock lock) {
      this.labId = labId;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public String labId() {
      return labId;
    }

    @Override
    public void close() {
      try {
        if (lock.isValid()) {
          lock.release();
        }
      } catch (IOException e) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }
}
