package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.PartialFailureException;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A creation whose vCenter files cannot be copied (the host never printed its SSH host keys, as on
 * AWS with the default wait) is cleaned up, and its message says so: it must not send the user to
 * 'nestlab resume' for a lab that no longer exists (issue #21).
 */
class DeliverFailureTest {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);

  @TempDir Path dir;

  @Test
  void aCleanedUpCreationDoesNotOfferResume() {
    UserDataRenderer deferring =
        r ->
            new PackedUserData(
                UserDataRenderer.minimal().render(r).bytes(),
                PackedUserData.Form.GZIP_DEFERRED,
                Map.of("/opt/nestlab/bin/nestlab-configure.py", "print('x')\n"));
    // An SSH stand-in port makes the host reachable over SSH; its console never shows host keys.
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .transition(Duration.ofMillis(20))
            .bootPhase(Duration.ofMillis(20))
            .sshStandIn(1, "nobody")
            .build();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> fake)
            .userData(deferring)
            .pollInterval(Duration.ofMillis(20))
            .stateTimeout(Duration.ofMillis(300))
            .build();
    PartialFailureException e =
        assertThrows(
            PartialFailureException.class,
            () ->
                engine.create(
                    CreateRequest.of(TestLabs.small(), OPTION, ProviderSettings.empty())));
    String m = e.getMessage();
    assertTrue(m.contains("failed at step deliver"), m);
    assertTrue(m.contains("everything created was deleted again"), m);
    assertFalse(m.contains("nestlab resume"), "resume offered for a deleted lab: " + m);
    assertEquals(List.of(), fake.listOwned(TagFilter.anyLab()));
  }
}
