package io.nestlab.samples.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.Test;

// snippet:junit-sample
/**
 * Tests {@link VsphereInventory} against a real lab record: one lab on the free fake cloud, started
 * before the first test and destroyed after the last, also when a test fails. To run it on Google
 * Cloud, change {@code provider} to {@code "gcp"} and set {@code maxHourlyUsd}; without credentials
 * the class is skipped, not failed.
 */
@NestedLabTest
class VsphereInventoryTest {
  @Lab(
      spec = "labs/single-host.yaml",
      provider = "fake",
      providerOptions = {"transition-ms=0", "boot-phase-ms=0"})
  static LabHandle lab;

  @Test
  void listsTheLabsVcenterAndEsxiHosts() {
    String inventory = VsphereInventory.render(lab.endpoints(), lab.l1Ssh());

    assertEquals("[vcenter]\nvcsa.lab.internal\n\n[esxi]\nesx-01.lab.internal\n", inventory);
  }

  @Test
  void theLabIsReadyForEveryTestOfTheClass() {
    assertEquals(LabStatus.READY, lab.record().status());
    assertTrue(lab.cost().accrued().usd().signum() >= 0);
  }
}
// end-snippet
