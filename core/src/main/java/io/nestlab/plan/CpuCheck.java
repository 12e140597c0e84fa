package io.nestlab.plan;

import io.nestlab.spec.EsxiCpus;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.VsphereVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a series' CPU runs the ESXi versions a lab needs: {@code esxi.version} and, when the lab
 * rehearses an upgrade, {@code upgrade.esxiVersion}. An unsupported CPU takes the type out of the
 * plan; a deprecated or unknown one puts a note on the option (docs/cost-model.md, design 0195).
 * The table is passed in, as the catalog is; verdicts are kept per series, so a planning run asks
 * each series once.
 */
final class CpuCheck {
  /** The outcome for one series: refused (with why), or offered with notes (maybe none). */
  record Outcome(String refusal, String cpu, List<String> notes) {
    Outcome {
      notes = List.copyOf(notes);
    }
  }

  private final EsxiCpus table;
  private final List<VsphereVersion> versions;
  private final Map<String, Outcome> bySeries = new HashMap<>();

  /** The same outcomes by provider, then series: asked once per type planned. */
  private final Map<String, Map<String, Outcome>> byProvider = new HashMap<>();

  /** Refused series per provider, with the reason, for the explanation of an empty plan. */
  final Map<String, Map<String, String>> refused = new TreeMap<>();

  CpuCheck(EsxiCpus table, List<VsphereVersion> versions) {
    this.table = table;
    this.versions = List.copyOf(versions);
  }

  /** The ESXi versions {@code spec} runs: its own, then its upgrade target when it differs. */
  static List<VsphereVersion> versionsOf(LabSpec spec) {
    List<VsphereVersion> out = new ArrayList<>(2);
    VsphereVersion.parse(spec.esxi().version()).ifPresent(out::add);
    VsphereVersion target =
        spec.upgradeIfPresent()
            .map(u -> u.esxiVersion())
            .flatMap(VsphereVersion::parse)
            .orElse(null);
    if (target != null && (out.isEmpty() || !sameMajor(out.get(0), target))) {
      out.add(target);
    }
    return out;
  }

  private static boolean sameMajor(VsphereVersion a, VsphereVersion b) {
    return EsxiCpus.major(a).equals(EsxiCpus.major(b));
  }

  /** The outcome for {@code series} of {@code provider}; records a refusal. */
  Outcome of(String provider, String series) {
    Map<String, Outcome> known = byProvider.get(provider);
    if (known == null) {
      known = new HashMap<>();
      byProvider.put(provider, known);
    }
    Outcome o = known.get(series);
    if (o == null) {
      o = bySeries.computeIfAbsent(provider + "/" + series, k -> judge(provider, series));
      known.put(series, o);
    }
    if (o.refusal() != null) {
      refused.computeIfAbsent(provider, k -> new TreeMap<>()).putIfAbsent(series, o.refusal());
    }
    return o;
  }

  private Outcome judge(String provider, String series) {
    List<String> notes = new ArrayList<>(2);
    for (VsphereVersion v : versions) {
      EsxiCpus.Verdict verdict = table.verdict(provider, series, v);
      String label = "ESXi " + v + (v == versions.get(0) ? "" : " (upgrade target)");
      switch (verdict.support()) {
        case UNSUPPORTED:
          return new Outcome(
              series + ": " + verdict.reason() + " [" + label + "]", verdict.cpu(), List.of());
        case DEPRECATED:
          notes.add("warning: CPU " + verdict.reason() + "; " + label + " warns at install");
          break;
        case UNKNOWN:
          notes.add(
              "note: "
                  + verdict.reason()
                  + " ("
                  + label
                  + "); check the Broadcom Compatibility Guide");
          break;
        default:
          break;
      }
    }
    return new Outcome(null, "", notes);
  }

  /**
   * Why {@code provider} has no option because of CPUs, naming the refused series' CPUs and the
   * series of the catalog that would run every needed version; null when no series was refused.
   */
  String explain(String provider, List<String> candidateSeries) {
    Map<String, String> r = refused.get(provider);
    if (r == null || r.isEmpty()) {
      return null;
    }
    TreeSet<String> good = new TreeSet<>();
    for (String s : candidateSeries) {
      Outcome o = bySeries.computeIfAbsent(provider + "/" + s, k -> judge(provider, s));
      if (o.refusal() == null) {
        good.add(s);
      }
    }
    StringBuilder b = new StringBuilder("the CPU cannot run the lab's ESXi: ");
    b.append(String.join("; ", new ArrayList<>(r.values())));
    if (!good.isEmpty()) {
      List<String> names = new ArrayList<>(good);
      b.append(". Series in the catalog whose CPU runs it: ")
          .append(String.join(", ", names.subList(0, Math.min(12, names.size()))))
          .append(names.size() > 12 ? ", ..." : "");
    }
    return b.toString();
  }
}
