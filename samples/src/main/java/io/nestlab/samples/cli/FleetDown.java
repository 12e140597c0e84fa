package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabSelector;
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
 * {@code nestlab down --owner X} / {@code --selector KEY=VALUE,...}: destroys every lab of one
 * owner (or every lab a {@link LabSelector} selects) recorded in the state store, a few at a time,
 * each exactly as {@code nestlab down LAB} does; asks once first (docs/fleet.md).
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

  /**
   * Destroys the labs of {@code owner} and/or those {@code selector} selects (docs/fleet.md);
   * {@code labId} must be null.
   */
  int destroy(String labId, String owner, String selectorText) throws InterruptedException {
    List<Problem> problems = new ArrayList<>();
    if (labId != null) {
      problems.add(Problem.of("LAB", "give a lab id, or --owner / --selector, not both"));
    }
    if (owner == null && selectorText == null) {
      problems.add(
          Problem.of(
              "LAB",
              "is missing: give a lab id, --owner OWNER for all of theirs, or --selector"
                  + " KEY=VALUE,..."));
    } else if (owner != null && owner.isBlank()) {
      problems.add(Problem.of("--owner", "is empty"));
    }
    if (parallel < 1 || parallel > 32) {
      problems.add(Problem.of("--parallel", parallel + " is not between 1 and 32"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("command line", problems);
    }
    // Parsed after the other checks so that its own problems come in one message.
    LabSelector selector = selectorText == null ? null : LabSelector.parse(selectorText);
    String whose =
        owner != null && selector != null
            ? "of " + owner + " matching " + selector
            : owner != null ? "of " + owner : "matching " + selector;
    LabEngine engine = lab.engineBuilder().build();
    List<LabRecord> labs = new ArrayList<>();
    for (LabRecord r : engine.store().records()) {
      if ((owner == null || owner.equals(r.owner()))
          && (selector == null || selector.test(r))
          && r.status() != LabStatus.DESTROYED) {
        labs.add(r);
      }
    }
    if (labs.isEmpty()) {
      out.println(
          "no labs "
              + (selector == null ? "of owner " + owner : whose)
              + " to destroy in "
              + engine.store().location());
      out.flush();
      return ExitCode.OK;
    }
    String ids = String.join(", ", labs.stream().map(LabRecord::labId).toList());
    if (!yes
        && !Terminal.confirm(
            out,
            "Destroy the " + labs.size() + " labs " + whose + " (" + ids + ")? [y/N] ",
            "--yes",
            "to destroy the labs " + whose)) {
      out.println("nothing destroyed");
      return ExitCode.OK;
    }
    out.println("destroying " + labs.size() + " labs " + whose + ": " + ids);
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
            + " labs "
            + whose
            + " destroyed"
            + (failed.isEmpty()
                ? ""
                : "; run the same command again for the " + failed.size() + " that failed"));
    out.flush();
    return failed.isEmpty() ? ExitCode.OK : ExitCode.PROVIDER;
  }
}
