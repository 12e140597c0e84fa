package io.nestlab.samples;

// snippet:estimate-file
import io.nestlab.catalog.Catalog;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.Planner;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.VcenterSpec;
import java.io.PrintStream;
import java.util.Map;

/**
 * Embedding sample: describe a lab in Java and ask what it costs, offline, with no cloud account.
 * Run it with {@code samples/bin/nestlab-sample EstimateOnly} or from your IDE.
 */
public final class EstimateOnly {
  private EstimateOnly() {}

  public static void main(String[] args) {
    print(estimate(), System.out);
  }

  /** Plans a three-host 8.0U3 lab with a vCenter beside the hosts over the embedded catalog. */
  public static Plan estimate() {
    // snippet:estimate
    LabSpec lab =
        LabSpec.builder()
            .name("ci-lab")
            .esxi(new EsxiSpec("8.0U3", 3, "esx", 2, 16, 32, 100, Map.of()))
            .vcenter(new VcenterSpec("8.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .build();
    Plan plan = Planner.plan(lab, Catalog.embedded());
    plan.best()
        .ifPresent(
            o -> System.out.println("cheapest: " + o.instanceType() + " " + o.hourly() + "/h"));
    // end-snippet
    return plan;
  }

  static void print(Plan plan, PrintStream out) {
    out.println("Lab " + plan.lab() + ": " + plan.options().size() + " options");
    for (PlanOption o : plan.options().subList(0, Math.min(5, plan.options().size()))) {
      out.printf(
          "%-4s %-14s %-22s %-8s depth %d  %s/h  %s per %s h session%n",
          o.provider(),
          o.region(),
          o.instanceType(),
          o.support().name().toLowerCase(java.util.Locale.ROOT),
          o.nestingDepth(),
          o.hourly(),
          o.session(),
          plan.sessionHours().stripTrailingZeros().toPlainString());
    }
  }
}
// end-snippet:estimate-file
