package io.nestlab.samples.cli;

import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.BootstrapStep;
import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.engine.LabStep;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected time of each phase of a restore from a blueprint (docs/blueprints.md), which {@code
 * up --from} and {@code estimate --from} show.
 */
final class RestoreDurations {
  /**
   * Bootstrap phases of a restored real host, as its restore path reports them (docs/bootstrap.md,
   * docs/blueprints-providers.md): the data disk is read lazily from the snapshot, so the first
   * boot of each nested VM is the slow part.
   */
  static final Map<String, Duration> REAL_PHASES =
      Map.ofEntries(
          Map.entry("preflight", Duration.ofSeconds(10)),
          Map.entry("storage", Duration.ofSeconds(10)),
          Map.entry("restore-check", Duration.ofSeconds(5)),
          Map.entry("restore-files", Duration.ofSeconds(1)),
          Map.entry("secrets", Duration.ofSeconds(1)),
          Map.entry("network", Duration.ofSeconds(5)),
          // Every host starts at once: the first takes the time, the others end soon after.
          Map.entry("esxi-start", Duration.ofMinutes(2)),
          Map.entry("vcenter-start", Duration.ofMinutes(5)),
          Map.entry("guests-start", Duration.ofMinutes(1)),
          Map.entry("lab-check", Duration.ofSeconds(30)),
          Map.entry("secrets-rotate", Duration.ofSeconds(30)),
          Map.entry(ProgressLine.READY, Duration.ZERO));

  /** The phases a real restore reports when the restore path cannot be rendered here. */
  private static final List<String> REAL_ORDER =
      List.of(
          "preflight",
          "storage",
          "restore-check",
          "restore-files",
          "secrets",
          "network",
          "esxi-start",
          "vcenter-start",
          "guests-start",
          "lab-check",
          "secrets-rotate");

  /** Install phases: a restore path that still lists one is not the restore path. */
  private static final Set<String> INSTALL = Set.of("media", "esxi-install", "vcenter-deploy");

  private RestoreDurations() {}

  /** The bootstrap steps a real restore reports: the restore path's, else {@link #REAL_ORDER}. */
  static List<BootstrapStep> realSteps(LabSpec spec, PlanOption option) {
    try {
      List<BootstrapStep> rendered =
          BootstrapRenderer.render(spec, RenderOptions.of(option.provider()).withRestore(true))
              .steps();
      if (!rendered.isEmpty() && rendered.stream().noneMatch(s -> INSTALL.contains(s.phase()))) {
        return rendered;
      }
    } catch (RuntimeException e) {
      // no rendered steps: the fixed list below
    }
    List<BootstrapStep> steps = new ArrayList<>();
    REAL_ORDER.forEach(p -> steps.add(BootstrapStep.of(p)));
    steps.add(BootstrapStep.of(ProgressLine.READY));
    return steps;
  }

  /** The engine steps of a creation whose time is worth showing, in order. */
  private static final List<LabStep> SHOWN =
      List.of(
          LabStep.PREFLIGHT,
          LabStep.NETWORK,
          LabStep.HOST,
          LabStep.RUNNING,
          LabStep.BOOTSTRAP,
          LabStep.ACCESS);

  /** The expected time until ready. */
  static Duration total(TypicalDurations t) {
    Duration sum = Duration.ZERO;
    for (LabStep s : SHOWN) {
      sum = sum.plus(t.step(s.wire()));
    }
    return sum;
  }

  /**
   * The expected time of each step, with the bootstrap's phases in its place ({@code "bootstrap
   * esxi-start"}), in order.
   */
  static Map<String, Duration> rows(TypicalDurations t) {
    Map<String, Duration> rows = new LinkedHashMap<>();
    for (LabStep s : SHOWN) {
      if (s == LabStep.BOOTSTRAP) {
        for (BootstrapStep b : t.boot()) {
          if (!b.phase().equals(ProgressLine.READY)) {
            rows.put("bootstrap " + b.phase(), t.phase(b));
          }
        }
      } else {
        rows.put(s.wire(), t.step(s.wire()));
      }
    }
    return rows;
  }

  /** Prints the expected time of each step and bootstrap phase, and the total. */
  static void print(PrintWriter out, String heading, TypicalDurations t) {
    out.println(heading + " (expected time per phase):");
    rows(t).forEach((phase, d) -> out.printf("    %-28s %s%n", phase, human(d)));
    out.printf("    %-28s %s%n", "total, until ready", human(total(t)));
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    long m = (s + 30) / 60;
    return m < 60 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
  }
}
