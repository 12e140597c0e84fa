package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code nestlab down --owner X}: destroys every lab of one owner recorded in the state store, a
 * few at a time, each exactly as {@code nestlab down LAB} does; asks once first (docs/fleet.md).
 */
final class FleetDown {
  private final PrintWriter out;
  private final LabCommandOptions lab;
  private final boolean yes;
  private final int parallel;

  FleetDown(PrintWriter out, LabCommandOptions lab, boolean yes, int parallel) {
    this.out = out;
    this.lab = lab;
    this.yes = yes;
    this.parallel = parallel;
  }

  int destroy(String labId, String owner) throws InterruptedException {
    List<Problem> problems = new ArrayList<>();
    if (labId != null) {
      problems.add(Problem.of("LAB", "give a lab id or --owner, not both"));
    }
    if (owner == null) {
      problems.add(
          Problem.of("LAB", "is missing: give a lab id, or --owner OWNER for all of theirs"));
    } else if (owner.isBlank()) {
      problems.add(Problem.of("--owner", "is empty"));
    }
    if (parallel < 1 || parallel > 32) {
      problems.add(Problem.of("--parallel", parallel + " is not between 1 and 32"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("command line", problems);
    }
    LabEngine engine = lab.engineBuilder().build();
    List<LabRecord> labs = new ArrayList<>();
    for (String id : engine.store().labIds()) {
      engine
          .store()
          .find(id)
          .filter(r -> owner.equals(r.owner()) && r.status() != LabStatus.DESTROYED)
          .ifPresent(labs::add);
    }
    if (labs.isEmpty()) {
      out.println("no labs of owner " + owner + " to destroy in " + engine.store().location());
      out.flush();
      return ExitCode.OK;
    }
    String ids = String.join(", ", labs.stream().map(LabRecord::labId).toList());
    if (!yes
        && !Terminal.confirm(
            out,
            "Destroy the " + labs.size() + " labs of " + owner + " (" + ids + ")? [y/N] ",
            "--yes",
            "to destroy the labs of " + owner)) {
      out.println("nothing destroyed");
      return ExitCode.OK;
    }
    out.println("destroying " + labs.size() + " labs of " + owner + ": " + ids);
    out.flush();
    Map<String, String> failed = new TreeMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallel, labs.size()),
            r -> {
              Thread t = new Thread(r, "nestlab-fleet-down");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<LabRecord>> futures = new ArrayList<>();
      for (LabRecord r : labs) {
        futures.add(pool.submit(() -> engine.destroy(r.labId(), lab.overrides())));
      }
      for (int i = 0; i < labs.size(); i++) {
        String id = labs.get(i).labId();
        String line;
        try {
          LabRecord r = futures.get(i).get();
          line =
              id
                  + " is "
                  + LabFormat.status(r)
                  + "; it cost "
                  + (r.plan() == null ? "an unknown amount" : engine.cost(r).accrued().toString());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          String why = c instanceof NestLabException ? c.getMessage() : String.valueOf(c);
          failed.put(id, why);
          line = id + " FAILED: " + why.replaceAll("\\R\\s*", "; ");
        }
        out.println("[" + (i + 1) + "/" + labs.size() + "] " + line);
        out.flush();
      }
    } finally {
      pool.shutdownNow();
    }
    out.println(
        (labs.size() - failed.size())
            + " of "
            + labs.size()
            + " labs of "
            + owner
            + " destroyed"
            + (failed.isEmpty()
                ? ""
                : "; run the same command again for the " + failed.size() + " that failed"));
    out.flush();
    return failed.isEmpty() ? ExitCode.OK : ExitCode.PROVIDER;
  }
}
