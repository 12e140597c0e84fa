package io.nestlab.plan;

import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spec.PolicySpec;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spec.VcenterSpec;
import java.util.Map;

/** Lab specs for planner tests, built in Java (no spec reader needed). */
final class Labs {
  private Labs() {}

  /**
   * Like samples/labs/article-lab.yaml: three ESXi hosts of 2 vCPUs and 8 GiB, a tiny vCenter on
   * the L1 host, one Linux guest, rehearsing 7.0U3 to 8.0U3.
   */
  static LabSpec article() {
    return LabSpec.builder()
        .name("article-lab")
        .esxi(new EsxiSpec("7.0U3", 3, "esx", 2, 8, 32, 100, Map.of()))
        .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
        .guest(new GuestSpec("linux-01", 1, 2, 20, "esx-01", null))
        .upgrade(new UpgradeSpec("8.0U3", "8.0U3"))
        .build();
  }

  /** Sixteen ESXi hosts of 8 vCPUs and 32 GiB with a small vCenter on the first. */
  static LabSpec sixteenHosts() {
    return LabSpec.builder()
        .name("sixteen-hosts")
        .esxi(new EsxiSpec("8.0U3", 16, "esx", 8, 32, 32, 200, Map.of()))
        .vcenter(new VcenterSpec("8.0U3", "small", null))
        .build();
  }

  static LabSpec withPlacement(LabSpec spec, PlacementSpec placement) {
    return spec.toBuilder().placement(placement).build();
  }

  static LabSpec withPolicy(LabSpec spec, PolicySpec policy) {
    return spec.toBuilder().policy(policy).build();
  }
}
