package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.Secret;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabVault;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabHandleTest {
  static final String THUMBPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";
  @TempDir Path state;
  private LabEngine engine;
  private LabHandle handle;

  @BeforeEach
  void lab() throws IOException {
    ProviderSettings settings =
        ProviderSettings.of(Map.of("transition-ms", "0", "boot-phase-ms", "0"));
    LabProvider fake = new io.nestlab.fake.FakeLabProviderFactory().create(settings);
    engine =
        LabEngine.builder(FileLabStore.at(state))
            .providers((id, s) -> fake)
            .pollInterval(Duration.ofMillis(10))
            .build();
    String text;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("io/nestlab/junit/one-host.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var created =
        engine.create(
            CreateRequest.of(
                LabSpecs.parse(text, "one-host.yaml"),
                FakeCatalog.option("fake.nested.8x64", 30, 130),
                settings));
    handle = new LabHandle(engine, fake, settings, created.labId(), null, true);
  }

  @Test
  void vcenterComesFromTheLabsCredentialsWithThePasswordRedacted() {
    LabVault.of(engine.store(), handle.labId())
        .saveCredentials(
            Secret.of(
                "ESXI_ROOT_PASSWORD=e1\nSSO_USER=administrator@vsphere.local\nSSO_PASSWORD=s3cret\n"
                    + "VCENTER_THUMBPRINT="
                    + THUMBPRINT
                    + "\n"));

    VcenterAccess vc = handle.vcenter();

    assertEquals("https://vcsa.lab.internal/sdk", vc.url().toString());
    assertEquals("administrator@vsphere.local", vc.user());
    assertEquals("s3cret", vc.password().reveal());
    assertFalse(vc.toString().contains("s3cret"), vc.toString());
    assertEquals(THUMBPRINT, vc.sslThumbprint());
  }

  @Test
  void aThumbprintNotInTheCredentialsIsAskedOfTheHostAndItsAbsenceExplained() {
    LabVault.of(engine.store(), handle.labId())
        .saveCredentials(Secret.of("SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=s3cret\n"));

    IllegalStateException e = assertThrows(IllegalStateException.class, handle::vcenter);

    assertTrue(
        e.getMessage()
            .startsWith(
                "lab "
                    + handle.labId()
                    + ": vCenter's thumbprint could not be asked of the L1 host: "),
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void withoutFetchedCredentialsVcenterSaysWhy() {
    IllegalStateException e = assertThrows(IllegalStateException.class, handle::vcenter);

    assertTrue(e.getMessage().contains("offers no SSH to its hosts"), e.getMessage());
    assertTrue(e.getMessage().contains("nestlab creds " + handle.labId()), e.getMessage());
  }

  @Test
  void closeDestroysOnceAndKeepsTheFinalCost() {
    handle.close();
    handle.close();

    assertEquals(LabStatus.DESTROYED, handle.record().status());
    assertEquals(handle.cost(), handle.cost());
    assertTrue(handle.l1Ssh().isEmpty(), "the fake cloud has no SSH without ssh-port");
  }

  @Test
  void withoutSshTheTunnelsSayWhy() {
    IllegalStateException socks = assertThrows(IllegalStateException.class, () -> handle.socks(0));
    IllegalStateException forward =
        assertThrows(
            IllegalStateException.class, () -> handle.forward(0, "vcsa.lab.internal", 443));

    for (IllegalStateException e : java.util.List.of(socks, forward)) {
      assertEquals(
          "lab " + handle.labId() + " has no SSH access: provider fake offers no SSH to its hosts",
          e.getMessage());
    }
  }

  @Test
  void theLogsCarryTheHostsConsoleAndSayWhyTheHostsJournalIsMissing() {
    String logs = handle.nestlabLogs();

    assertTrue(logs.startsWith("NestLab logs of lab " + handle.labId() + "\n"), logs);
    assertTrue(logs.contains("NESTLAB phase=ready status=done"), logs);
    // The fake's hosts answer only NestLab's simulated host programs, not a log query.
    assertTrue(logs.contains("command not found"), logs);
    assertTrue(logs.contains("(the command ended with status 127)"), logs);
  }
}
