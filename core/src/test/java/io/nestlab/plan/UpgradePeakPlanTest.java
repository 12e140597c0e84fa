package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.Catalog;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spec.VcenterSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * samples/labs/article-lab.yaml rehearses a vCenter 7.0U3 -> 8.0U3 upgrade: at its peak the old
 * appliance (on l1) and the new one (deployed onto an ESXi host) run at once, and the L1 host is
 * planned for that moment.
 */
class UpgradePeakPlanTest {
  private static LabSpec articleLab() {
    String repo = System.getProperty("nestlab.repo.dir");
    assertNotNull(repo, "nestlab.repo.dir is set by the parent POM");
    return LabSpecs.read(Path.of(repo, "samples", "labs", "article-lab.yaml"));
  }

  @Test
  void theArticleLabIsPlannedForBothAppliancesAtOnce() {
    LabSpec lab = articleLab();
    Requirements r = ResourceModel.requirements(lab);
    // esx-01 18 GiB (it carries vCenter, 8.0 tiny after the upgrade: 14 GiB) + esx-02 8 GiB +
    // esx-03 18 GiB (it receives the new 8.0 tiny while the old one runs on esx-01) = 44 GiB
    // nested; + 2 GiB OS + 3 KVM guests x 0.5 = 47.5 GiB
    assertEquals(44.0, r.nestedMemoryGib());
    assertEquals(47.5, r.l1MemoryGib());
    assertEquals(1, r.notes().size());
    String note = r.notes().get(0);
    assertTrue(note.contains("vCenter upgrade's peak"), note);
    assertTrue(note.contains("deployed onto esx-03"), note);
    Plan plan = Planner.plan(lab, Catalog.embedded(), PlanOptions.defaults());
    assertFalse(plan.options().isEmpty(), plan.infeasible().toString());
    for (PlanOption o : plan.options()) {
      assertTrue(ResourceModel.usableMemoryGib(o.memoryGib()) + 1e-9 >= 47.5, o.toString());
    }
    assertTrue(plan.toJson().contains("vCenter upgrade's peak"), "the JSON plan says so too");
  }

  @Test
  void withEightGibHostsTheReceivingHostIsStillCountedAtWhatThePeakNeeds() {
    // The article lab as it was before issue #16 (every host 8 GiB, no applianceHost): planned
    // with 42 GiB, so its cheapest shapes had no room for the second appliance. The planner
    // counts the host receiving it (the most free: esx-01) at 14 + 4 = 18 GiB.
    LabSpec lab = articleLab();
    LabSpec old =
        lab.toBuilder()
            .esxi(new EsxiSpec("7.0U3", 3, "esx", 2, 8, 32, 100, Map.of()))
            .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
            .upgrade(new UpgradeSpec("8.0U3", "8.0U3"))
            .build();
    Requirements r = ResourceModel.requirements(old);
    assertEquals(50.0, r.l1MemoryGib());
    assertTrue(r.notes().get(0).contains("the lab gives it 8 GiB"), r.notes().get(0));
  }
}
