package io.nestlab.samples.cli;

import io.nestlab.engine.RehearsalReport;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Follows a rehearsal from the CLI: Ctrl-C stops the following only (the run on the host goes on or
 * stays paused), and says how to pick it up; the end prints the verdict and its exit code.
 */
final class RehearsalFollow {
  private RehearsalFollow() {}

  static int follow(
      PrintWriter out, String labId, String stateDirFlag, Supplier<RehearsalReport> run) {
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println(
                  "stopped following; the rehearsal goes on on lab "
                      + labId
                      + "'s host (a checkpoint being written finishes there).");
              out.println("  follow again: nestlab resume " + labId + stateDirFlag);
              out.println("  verdict:      nestlab report " + labId + stateDirFlag);
              out.flush();
            },
            "nestlab-rehearse-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    RehearsalReport r;
    try {
      r = run.get();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs: the JVM is exiting
      }
    }
    return verdict(out, r, stateDirFlag);
  }

  static int verdict(PrintWriter out, RehearsalReport r, String stateDirFlag) {
    if (r.interrupted()) {
      out.println(
          "rehearsal of lab "
              + r.labId()
              + " INTERRUPTED at "
              + r.failure().orElse("an unknown step")
              + "\n  redo that step and go on: nestlab resume "
              + r.labId()
              + stateDirFlag
              + "\n  or give it up:            nestlab rollback "
              + r.labId()
              + " --force"
              + stateDirFlag);
      return ExitCode.REHEARSAL_FAILED;
    }
    switch (r.state()) {
      case "paused" ->
          out.println(
              "rehearsal of lab "
                  + r.labId()
                  + " paused; look around, then continue: nestlab resume "
                  + r.labId()
                  + stateDirFlag);
      case "failed" ->
          out.println(
              "rehearsal of lab "
                  + r.labId()
                  + " FAILED at "
                  + r.failure().orElse("an unknown step")
                  + "\n  report:   nestlab report "
                  + r.labId()
                  + stateDirFlag
                  + "\n  roll back: nestlab rollback "
                  + r.labId()
                  + stateDirFlag);
      default ->
          out.println(
              "rehearsal of lab "
                  + r.labId()
                  + " "
                  + r.state()
                  + "; report: nestlab report "
                  + r.labId()
                  + stateDirFlag);
    }
    return r.state().equals("failed") ? ExitCode.REHEARSAL_FAILED : ExitCode.OK;
  }
}
