package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    assertEquals(2, Planner.allowedCustomVcpus(1));
    assertEquals(32, Planner.allowedCustomVcpus(31));
    assertEquals(36, Planner.allowedCustomVcpus(33));
    assertEquals(40, Planner.allowedCustomVcpus(38));
    assertEquals(80, Planner.allowedCustomVcpus(80));
    for (int need = 1; need <= 80; need++) {
      int v = Planner.allowedCustomVcpus(need);
      assertEquals(true, v >= need && (v <= 32 ? v % 2 == 0 : v % 4 == 0), need + " -> " + v);
    }
  }
}
