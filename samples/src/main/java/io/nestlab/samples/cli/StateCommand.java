package io.nestlab.samples.cli;

import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore;
import io.nestlab.state.LabStores;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nestlab state export|import}: copies labs (records, journals and secrets) between a state
 * directory and a PostgreSQL database, either way (docs/fleet.md#moving-labs).
 */
@Command(
    name = "state",
    description = "Move labs between a state directory and shared state in PostgreSQL.",
    subcommands = {StateCommand.Export.class, StateCommand.Import.class})
final class StateCommand extends CommandGroup {
  /** {@code nestlab state export --to ADDRESS}. */
  @Command(
      name = "export",
      description = {
        "Copy every lab of this state (--state, --state-dir or $NESTLAB_STATE_URL) to another",
        "store: a directory or postgresql://... Labs already there are skipped unless --replace."
      })
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Mixin StateOptions state = new StateOptions();

    @Option(
        names = "--to",
        required = true,
        paramLabel = "ADDRESS",
        description = "where to copy the labs: a directory or postgresql://USER@HOST:PORT/DB")
    String to;

    @Option(names = "--replace", description = "overwrite labs the target already has")
    boolean replace;

    @Override
    public Integer call() {
      return copy(cmd.commandLine().getOut(), state.store(), LabStores.open(to), replace);
    }
  }

  /** {@code nestlab state import --from ADDRESS}. */
  @Command(
      name = "import",
      description = {
        "Copy every lab of another store (a directory or postgresql://...) into this state",
        "(--state, --state-dir or $NESTLAB_STATE_URL). Labs already here are skipped unless",
        "--replace."
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Mixin StateOptions state = new StateOptions();

    @Option(
        names = "--from",
        required = true,
        paramLabel = "ADDRESS",
        description = "where to copy the labs from: a directory or postgresql://USER@HOST:PORT/DB")
    String from;

    @Option(names = "--replace", description = "overwrite labs this state already has")
    boolean replace;

    @Override
    public Integer call() {
      return copy(cmd.commandLine().getOut(), LabStores.open(from), state.store(), replace);
    }
  }

  /**
   * Copies each lab of {@code from} into {@code to} under the lab's lock in {@code from}, so no lab
   * is copied while a runner drives it; a locked lab is skipped and named.
   */
  static int copy(PrintWriter out, LabStore from, LabStore to, boolean replace) {
    if (from.location().equals(to.location())) {
      throw new LabStateException(
          "the source and the target are the same store (" + from.location() + ")");
    }
    int copied = 0;
    List<String> skipped = new ArrayList<>();
    List<String> busy = new ArrayList<>();
    for (String id : from.labIds()) {
      if (!replace && to.find(id).isPresent()) {
        skipped.add(id);
        continue;
      }
      try (LabStore.LabLock lock = from.lock(id)) {
        Optional<LabRecord> rec = from.find(lock.labId());
        if (rec.isEmpty()) {
          continue; // removed meanwhile
        }
        to.saveSecrets(id, from.secrets(id));
        to.save(rec.get());
        copied++;
        out.println("copied " + id + " (" + LabFormat.status(rec.get()) + ")");
      } catch (io.nestlab.state.LabLockedException e) {
        busy.add(id);
      }
    }
    out.println(
        copied
            + " lab"
            + (copied == 1 ? "" : "s")
            + " copied from "
            + from.location()
            + " to "
            + to.location()
            + (skipped.isEmpty()
                ? ""
                : "; already there, skipped (--replace overwrites): " + String.join(", ", skipped))
            + (busy.isEmpty()
                ? ""
                : "; being driven right now, skipped (copy again when they are done): "
                    + String.join(", ", busy)));
    if (copied > 0) {
      out.println(
          "the labs are now in both stores: drive each from one of them only, and remove the"
              + " other copy when you are sure (for a directory, delete its lab folders)");
    }
    out.flush();
    return busy.isEmpty() ? ExitCode.OK : ExitCode.STATE;
  }
}
