package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.spec.LabSpec;
import org.junit.jupiter.api.Test;

/** vCenter on the L1 host is sized from the documented appliance sizes of the right version. */
class ResourceModelTest {
  @Test
  void aMajorUpgradeKeepsTheOldApplianceOnL1AndSizesTheHostReceivingTheNewOne() {
    LabSpec rehearsal = Labs.article(); // 7.0U3 tiny on l1, rehearsing the upgrade to 8.0U3
    LabSpec stayOn7 = rehearsal.toBuilder().upgrade(null).build();

    // the old 7.0 tiny (12 GiB) stays on l1; esx-02 receives the new 8.0 tiny: 14 + 4 = 18 GiB
    assertEquals(8 + 18 + 8 + 12, ResourceModel.requirements(rehearsal).nestedMemoryGib(), 1e-9);
    assertEquals(3 * 8 + 12, ResourceModel.requirements(stayOn7).nestedMemoryGib(), 1e-9);
    assertEquals(3 * 2 + 2, ResourceModel.requirements(stayOn7).nestedVcpus());
    assertTrue(ResourceModel.requirements(stayOn7).notes().isEmpty());
    // an update within 7.0 patches the appliance in place: no second appliance, no peak
    LabSpec patch =
        stayOn7.toBuilder()
            .vcenter(new io.nestlab.spec.VcenterSpec("7.0U2", "tiny", "l1"))
            .upgrade(new io.nestlab.spec.UpgradeSpec(null, "7.0U3"))
            .build();
    assertEquals(3 * 8 + 12, ResourceModel.requirements(patch).nestedMemoryGib(), 1e-9);
    assertTrue(ResourceModel.requirements(patch).notes().isEmpty());
  }

  @Test
  void customN2ShapesHaveVcpuCountsComputeEngineAccepts() {
    CustomShapeRules n2 = CustomShapeRules.of("n2").orElseThrow();
    assertEquals(2, n2.allowedVcpus(1));
    assertEquals(32, n2.allowedVcpus(31));
    assertEquals(36, n2.allowedVcpus(33));
    assertEquals(40, n2.allowedVcpus(38));
    assertEquals(80, n2.allowedVcpus(80));
    assertEquals(-1, n2.allowedVcpus(81));
    for (int need = 1; need <= 80; need++) {
      int v = n2.allowedVcpus(need);
      assertEquals(true, v >= need && (v <= 32 ? v % 2 == 0 : v % 4 == 0), need + " -> " + v);
    }
  }

  @Test
  void n1AndN4CustomShapesFollowTheirOwnRules() {
    CustomShapeRules n1 = CustomShapeRules.of("n1").orElseThrow();
    CustomShapeRules n4 = CustomShapeRules.of("n4").orElseThrow();
    assertEquals(1, n1.allowedVcpus(1));
    assertEquals(34, n1.allowedVcpus(33), "N1: any even count up to 96");
    assertEquals(96, n1.allowedVcpus(95));
    assertEquals(20, n4.allowedVcpus(17), "N4: even up to 16, then multiples of 4");
    assertEquals(-1, n4.allowedVcpus(81));
    assertEquals("custom-4-15360", n1.name(4, 15360), "N1 custom types have no series prefix");
    assertEquals("n4-custom-4-16384", n4.name(4, 16384));
    assertTrue(CustomShapeRules.of("c3").isEmpty(), "C3 has no custom machine types");
  }

  @Test
  void aPlannedHostsUsableMemoryHoldsTheLab() {
    // 50 GiB needed: a 50 GiB shape's usable part (48 GiB) is not enough; 52.25 GiB is (the
    // least multiple of 256 MiB at or above 50 / 0.96 = 52.08 GiB)
    Requirements req = ResourceModel.requirements(Labs.article());
    assertEquals(50, req.l1MemoryGib(), 1e-9);
    assertEquals(null, PlanFit.of(16, 50, 0, req));
    assertEquals(52.0833, ResourceModel.nominalMemoryGib(50), 1e-4);
    int[] shape = CustomShapes.customShape(req, CustomShapeRules.of("n2").orElseThrow());
    assertEquals(52.25 * 1024, shape[1], 1e-9);
    assertTrue(ResourceModel.usableMemoryGib(shape[1] / 1024.0) + 1e-9 >= req.l1MemoryGib());
  }
}
