package io.nestlab.state.internal.file;

import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore.Admission;
import io.nestlab.state.LabStore.LabLock;
import io.nestlab.state.internal.budget.BudgetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A directory store's budgets and teams ({@code .budgets.json} in its root, 0600), and the
 * admission of a new lab against them under the file lock {@code .budgets.lock}: every process (and
 * thread) admitting a lab to this directory reads the records, checks and writes the first record
 * while holding it, so two cannot both take a budget's last slot (docs/design/0180).
 */
public final class FileBudgets {
  private final Path file;
  private final Path lockFile;

  public FileBudgets(Path root) {
    this.file = root.resolve(".budgets.json");
    this.lockFile = root.resolve(".budgets.lock");
  }

  /** The stored policy; empty when none was set. */
  public BudgetPolicy read() {
    try {
      return BudgetJson.read(file.toString(), Files.readString(file));
    } catch (NoSuchFileException e) {
      return BudgetPolicy.empty();
    } catch (IOException e) {
      throw new LabStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the stored policy (under the admission lock). */
  public void write(BudgetPolicy policy) {
    LabLock held = FileLocks.waitFor(lockFile, "budgets");
    try {
      AtomicFiles.write(file, BudgetJson.write(policy));
    } catch (IOException e) {
      throw new LabStateException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      held.close();
    }
  }

  /** Checks {@code first} when a budget applies, then saves it, all under the lock. */
  public void admit(
      LabRecord first,
      Admission admission,
      Supplier<List<LabRecord>> readAll,
      Consumer<LabRecord> save) {
    LabLock held = FileLocks.waitFor(lockFile, "budgets");
    try {
      BudgetPolicy policy = read();
      if (!policy.applying(first.owner()).isEmpty()) {
        admission.check(policy, readAll.get());
      }
      save.accept(first);
    } finally {
      held.close();
    }
  }
}
