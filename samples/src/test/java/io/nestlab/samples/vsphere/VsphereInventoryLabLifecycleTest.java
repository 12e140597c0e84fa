package io.nestlab.samples.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The sample's lab is started once for the class and destroyed after it. */
class VsphereInventoryLabLifecycleTest {
  @TempDir Path state;

  @Test
  void theSampleStartsOneLabAndDestroysIt() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameters(
            Map.of(
                "nestlab.junit.state-dir",
                state.toString(),
                "nestlab.junit.poll-interval",
                "PT0.02S"))
        .selectors(selectClass(VsphereInventoryTest.class))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.succeeded(2).failed(0).aborted(0));

    FileLabStore store = FileLabStore.at(state);
    List<String> labs = store.labIds();
    assertEquals(1, labs.size(), "one lab for the whole class: " + labs);
    assertEquals(LabStatus.DESTROYED, store.load(labs.get(0)).status());
  }
}
