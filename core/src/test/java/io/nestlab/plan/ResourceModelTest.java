package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.spec.LabSpec;
import org.junit.jupiter.api.Test;

/** vCenter on the L1 host is sized from the documented appliance sizes of the right version. */
class ResourceModelTest {
  @Test
  void anL1VcenterTakesTheMemoryOfTheNewestVersionOfTheLabsLife() {
    LabSpec rehearsal = Labs.article(); // 7.0U3 tiny on l1, rehearsing the upgrade to 8.0U3
    LabSpec stayOn7 = rehearsal.toBuilder().upgrade(null).build();

    double hosts = 3 * 8;
    assertEquals(hosts + 14, ResourceModel.requirements(rehearsal).nestedMemoryGib(), 1e-9);
    assertEquals(hosts + 12, ResourceModel.requirements(stayOn7).nestedMemoryGib(), 1e-9);
    assertEquals(3 * 2 + 2, ResourceModel.requirements(stayOn7).nestedVcpus());
  }

  @Test
  void customN2ShapesHaveVcpuCountsComputeEngineAccepts() {
    CustomShapeRules n2 = CustomShapeRules.gce("n2").orElseThrow();
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
    CustomShapeRules n1 = CustomShapeRules.gce("n1").orElseThrow();
    CustomShapeRules n4 = CustomShapeRules.gce("n4").orElseThrow();
    assertEquals(1, n1.allowedVcpus(1));
    assertEquals(34, n1.allowedVcpus(33), "N1: any even count up to 96");
    assertEquals(96, n1.allowedVcpus(95));
    assertEquals(20, n4.allowedVcpus(17), "N4: even up to 16, then multiples of 4");
    assertEquals(-1, n4.allowedVcpus(81));
    assertEquals("custom-4-15360", n1.name(4, 15360), "N1 custom types have no series prefix");
    assertEquals("n4-custom-4-16384", n4.name(4, 16384));
    assertTrue(CustomShapeRules.gce("c3").isEmpty(), "C3 has no custom machine types");
  }

  @Test
  void aPlannedHostsUsableMemoryHoldsTheLab() {
    // 42 GiB needed: a 42 GiB shape's usable part (40.32 GiB) is not enough; 43.75 GiB is
    Requirements req = ResourceModel.requirements(Labs.article());
    assertEquals(42, req.l1MemoryGib(), 1e-9);
    assertEquals(null, PlanFit.of(16, 42, 0, req));
    assertEquals(43.75, ResourceModel.nominalMemoryGib(42), 1e-9);
    int[] shape = CustomShapes.customShape(req, CustomShapeRules.gce("n2").orElseThrow());
    assertEquals(43.75 * 1024, shape[1], 1e-9);
    assertTrue(ResourceModel.usableMemoryGib(shape[1] / 1024.0) + 1e-9 >= req.l1MemoryGib());
  }
}
