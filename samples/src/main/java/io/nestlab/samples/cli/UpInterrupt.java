package io.nestlab.samples.cli;

import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code up} does with a lab cut short by Ctrl-C (docs/design/0038): on a terminal it asks
 * whether to keep or destroy what exists; without one it keeps it. Either way it says the exact
 * commands that continue or delete the lab.
 */
final class UpInterrupt {
  /** The user's choice. */
  enum Choice {
    KEEP,
    DESTROY
  }

  /** Asks one question on the terminal; returns the answer, or null when input has ended. */
  @FunctionalInterface
  interface Prompt {
    String ask(String question);
  }

  private UpInterrupt() {}

  /** What exists of the lab so far, for people: {@code network fake-net-1, host fake-i-2}. */
  static List<String> created(LabRecord rec) {
    List<String> parts = new ArrayList<>();
    if (rec == null) {
      return parts;
    }
    rec.networkIfPresent()
        .ifPresent(n -> parts.add("network " + String.join(" ", n.ids().values())));
    rec.hostIfPresent().ifPresent(h -> parts.add("host " + h.id()));
    return parts;
  }

  /**
   * Asks (with a {@code prompt}) or decides (without one, keep). Anything but an answer starting
   * with {@code d} keeps: deleting is the one choice that cannot be undone.
   */
  static Choice decide(Prompt prompt, PrintWriter out, LabRecord rec, String labId) {
    List<String> created = created(rec);
    if (prompt == null) {
      out.println("interrupted: no terminal to ask, so lab " + labId + " is kept as it is");
      return Choice.KEEP;
    }
    String what =
        created.isEmpty()
            ? "nothing may exist yet in the cloud"
            : "it has "
                + String.join(", ", created)
                + (rec != null && rec.plan() != null
                    ? " (" + rec.plan().hourly() + "/h while it runs)"
                    : "");
    String answer =
        prompt.ask(
            "Interrupted: lab "
                + labId
                + " is not finished; "
                + what
                + ".\nKeep it (continue or delete it later) or destroy it now? [k]eep/[d]estroy (default keep): ");
    boolean destroy = answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("d");
    return destroy ? Choice.DESTROY : Choice.KEEP;
  }

  /** The commands that continue and delete a kept lab, exactly as the user would type them. */
  static void printKept(PrintWriter out, String labId, String stateDirFlag) {
    out.println("lab " + labId + " is kept; what exists of it costs until it is deleted.");
    out.println("  continue: nestlab resume " + labId + stateDirFlag);
    out.println("  delete:   nestlab down " + labId + " --yes" + stateDirFlag);
  }
}
