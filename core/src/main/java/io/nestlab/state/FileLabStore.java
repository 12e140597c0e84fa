package io.nestlab.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.internal.io.Json;
import io.nestlab.state.internal.file.FileBudgets;
import io.nestlab.state.internal.file.FileLocks;
import io.nestlab.state.internal.file.FileSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded state store: one directory per lab under a root (default {@code ~/.nestlab/labs}),
 * holding {@code lab.json} (the record), {@code lab.json.bak} (a copy of it, written first, read
 * when the record is damaged), {@code secrets.json} (0600, secrets only; deleted when the lab is
 * destroyed) and {@code lock} (the per-lab lock). Directories are 0700 and files 0600; every write
 * is atomic; every file carries a format version and a newer one than this code knows is refused.
 * See docs/design/0090-damaged-records.md and 0091-secrets-retention.md.
 */
public final class FileLabStore implements LabStore {
  /** Lab ids are safe as directory names and as tag values. */
  public static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  private static final String RECORD = "lab.json";
  private static final String BACKUP = "lab.json.bak";
  private static final String DAMAGED = "lab.json.damaged";

  private final Path root;

  private final FileSecrets secrets = new FileSecrets();
  private final FileBudgets budgets;

  private FileLabStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.budgets = new FileBudgets(this.root);
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
      return dirs.filter(
              d -> Files.isRegularFile(d.resolve(RECORD)) || Files.isRegularFile(d.resolve(BACKUP)))
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
    Path file = dir(labId).resolve(RECORD);
    Read main = read(labId, file);
    if (main.record != null) {
      return Optional.of(main.record);
    }
    Read backup = read(labId, dir(labId).resolve(BACKUP));
    if (main.missing && backup.missing) {
      return Optional.empty();
    }
    if (backup.record != null) {
      return Optional.of(backup.record);
    }
    throw new DamagedRecordException(
        new RecordDamage(
            labId, file.toString(), main.missing ? "it is missing" : main.problem, false));
  }

  @Override
  public Optional<RecordDamage> damage(String labId) {
    Path file = dir(labId).resolve(RECORD);
    Read main = read(labId, file);
    if (main.record != null) {
      return Optional.empty();
    }
    Read backup = read(labId, dir(labId).resolve(BACKUP));
    if (main.missing && backup.missing) {
      return Optional.empty();
    }
    return Optional.of(
        new RecordDamage(
            labId,
            file.toString(),
            main.missing ? "it is missing" : main.problem,
            backup.record != null));
  }

  /** One file read as a record of {@code labId}: the record, or why not. */
  private record Read(LabRecord record, boolean missing, String problem) {}

  private static Read read(String labId, Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new Read(null, true, null);
    } catch (IOException e) {
      return new Read(null, false, "cannot read it (" + e.getMessage() + ")");
    }
    try {
      return new Read(parse(labId, file, text), false, null);
    } catch (NewerFormatException e) {
      throw e; // not damage: written by a newer NestLab
    } catch (LabStateException e) {
      return new Read(null, false, e.getMessage());
    }
  }

  /** Parses a record of {@code labId}; the message of a failure never quotes the content. */
  private static LabRecord parse(String labId, Path file, String text) {
    JsonNode node;
    LabRecord r;
    try {
      node = Json.mapper().readTree(text);
      if (node == null || !node.isObject()) {
        throw new LabStateException(
            text.isBlank() ? "it is empty" : "it is not a JSON object (truncated?)");
      }
      checkVersion(file, node.path("formatVersion").asInt(0), LabRecord.FORMAT_VERSION);
      r = Json.mapper().treeToValue(node, LabRecord.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new LabStateException(
          text.isBlank() ? "it is empty" : "it is not a complete lab record (truncated or edited?)",
          e);
    }
    if (!labId.equals(r.labId())) {
      throw new LabStateException("it holds lab '" + r.labId() + "', not '" + labId + "'");
    }
    return r;
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
    String labId = record.labId();
    if (record.nothingToKeep()) {
      // A creation that made nothing leaves nothing behind, secrets included.
      secrets.forget(labId);
      remove(labId);
      return;
    }
    Path file = dir(labId).resolve(RECORD);
    try {
      String text = Json.mapper().writeValueAsString(record);
      // Never write what cannot be read back: the record and its backup would both be lost.
      parse(labId, file, text);
      Read current = read(labId, file);
      if (current.record == null && !current.missing) {
        // Set a damaged record aside for whoever wants to look at it; the backup stays good.
        Files.move(
            file, dir(labId).resolve(DAMAGED), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      // Write-ahead copy first: whichever file a crash or a stray writer damages, the other one
      // holds this record or the one before it.
      AtomicFiles.write(dir(labId).resolve(BACKUP), text);
      AtomicFiles.write(file, text);
    } catch (IOException e) {
      throw new LabStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
    if (record.status() == LabStatus.DESTROYED) {
      // Recorded as destroyed only after the cloud confirmed nothing is left: its secrets (the
      // SSH key, the lab's passwords) open nothing any more.
      secrets.forget(labId);
      secrets.delete(dir(labId));
    }
  }

  /** In {@code .budgets.json} of the root. */
  @Override
  public BudgetPolicy budgets() {
    return budgets.read();
  }

  @Override
  public void saveBudgets(BudgetPolicy policy) {
    budgets.write(policy);
  }

  /** Under the file lock {@code .budgets.lock} of the root, held by one process at a time. */
  @Override
  public void admit(LabRecord first, Admission admission) {
    budgets.admit(first, admission, this::records, this::save);
  }

  @Override
  public LabSecrets secrets(String labId) {
    return secrets.read(labId, dir(labId));
  }

  @Override
  public void saveSecrets(String labId, LabSecrets values) {
    secrets.write(labId, dir(labId), values);
  }

  @Override
  public LabLock lock(String labId) {
    return FileLocks.tryLock(
        dir(labId).resolve("lock"),
        dir(labId).resolve("lock.owner"),
        labId,
        "lab '" + labId + "' is being driven by another process");
  }

  /** A file {@code .ROLE.lock} in the root, held while this process leads (docs/fleet.md). */
  @Override
  public LabLock lead(String role) {
    LabStore.checkRole(role);
    return FileLocks.tryLock(
        root.resolve("." + role + ".lock"),
        root.resolve("." + role + ".lock.owner"),
        role,
        "the " + role + " of " + root + " runs in another process");
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
    LabIds.check(labId);
    return root.resolve(labId);
  }

  private static void checkVersion(Path file, int found, int known) {
    if (found < 1) {
      throw new LabStateException("it has no format version; it was not written by NestLab");
    }
    if (found > known) {
      throw new NewerFormatException(
          file
              + " has format version "
              + found
              + ", newer than this NestLab reads ("
              + known
              + "); upgrade NestLab");
    }
  }

  /** A file written by a newer NestLab: not damage, and no backup stands in for it. */
  private static final class NewerFormatException extends LabStateException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(String message) {
      super(message);
    }
  }
}
