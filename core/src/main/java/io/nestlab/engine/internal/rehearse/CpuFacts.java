package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import io.nestlab.catalog.Catalog;
import io.nestlab.plan.CpuPrecheck;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.EsxiCpus;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.VsphereVersion;
import io.nestlab.state.LabRecord;
import java.util.List;

/**
 * The rehearsal's engine-side CPU precheck (design 0195): whether the lab's host type, as planned,
 * has a CPU the upgrade's target ESXi supports. Unsupported refuses the rehearsal (dry run
 * included) before the host does anything; deprecated or unknown becomes a warning of the report.
 * The host program's own precheck reads the real CPU; this one knows the cloud's series, so it also
 * speaks for a series the cloud may place on older CPUs.
 */
final class CpuFacts {
  private CpuFacts() {}

  /** The check of {@code rec}'s host type against its upgrade target; empty when not judged. */
  static CpuPrecheck.Result of(LabRecord rec) {
    LabSpec spec = rec.spec();
    PlanOption plan = rec.plan();
    String target = spec == null || spec.upgrade() == null ? null : spec.upgrade().esxiVersion();
    if (plan == null || target == null || VsphereVersion.parse(target).isEmpty()) {
      return new CpuPrecheck.Result(List.of(), List.of());
    }
    String provider = plan.provider();
    if (EsxiCpus.embedded().series().stream().noneMatch(s -> s.cloud().equals(provider))) {
      return new CpuPrecheck.Result(List.of(), List.of()); // a cloud the table has no CPUs for
    }
    return CpuPrecheck.checkType(
        provider, plan.instanceType(), List.of(VsphereVersion.of(target)), Catalog.embedded());
  }

  /** Refuses a rehearsal whose target ESXi does not run on the host's CPU, naming the fix. */
  static void require(LabRecord rec) {
    List<Problem> problems = of(rec).problems();
    if (!problems.isEmpty()) {
      throw new NestLabException(
          "lab "
              + rec.labId()
              + " cannot rehearse its upgrade on this host: "
              + problems.get(0).message()
              + "; recreate the lab on such a type (placement.instanceTypes in the lab file)");
    }
  }

  /** {@code report} with the CPU warnings of {@code rec} added to its {@code warnings}. */
  static JsonNode withWarnings(JsonNode report, LabRecord rec) {
    if (!(report instanceof ObjectNode o)) {
      return report;
    }
    List<Problem> warnings = of(rec).warnings();
    if (warnings.isEmpty()) {
      return report;
    }
    ObjectNode copy = o.deepCopy();
    ArrayNode list = copy.get("warnings") instanceof ArrayNode a ? a : copy.putArray("warnings");
    for (Problem w : warnings) {
      list.add("host type " + w.message());
    }
    return copy;
  }
}
