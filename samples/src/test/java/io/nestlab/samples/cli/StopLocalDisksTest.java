package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lab whose ESXi disks are on local NVMe (no data disk) is not stopped by accident. */
class StopLocalDisksTest {
  @TempDir Path tmp;
  String labId;

  @BeforeEach
  void createAMetalLabOnLocalDisks() {
    ProviderSettings settings =
        ProviderSettings.of(
            Map.of(
                "dir",
                tmp.resolve("cloud").toString(),
                "transition-ms",
                "20",
                "boot-phase-ms",
                "5"));
    LabEngine engine = LabEngine.builder(FileLabStore.at(tmp.resolve("state"))).build();
    labId =
        engine
            .create(
                CreateRequest.of(
                        LabSpecs.read(
                            Path.of(
                                System.getProperty("nestlab.repo.dir"),
                                "samples",
                                "labs",
                                "single-host.yaml")),
                        FakeCatalog.option("fake.metal.96x384", 50, 0),
                        settings)
                    .withWait(WaitLevel.READY))
            .labId();
  }

  @AfterEach
  void noTestTerminal() {
    Terminal.testTerminal = null;
  }

  private CliRun stop(String... extra) {
    String[] args = new String[] {"stop", labId, "--state-dir", tmp.resolve("state").toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CliRun.of(all);
  }

  private LabStatus status() {
    return FileLabStore.at(tmp.resolve("state")).load(labId).status();
  }

  @Test
  void withoutATerminalItRefusesAndNamesTheWaysOut() {
    CliRun r = stop();
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("--force"), r.err.toString());
    assertTrue(r.err.toString().contains("'nestlab down " + labId + "'"), r.err.toString());
    assertTrue(status() != LabStatus.STOPPED);
  }

  @Test
  void onATerminalItAsksAndNoKeepsItRunning() {
    Terminal.testTerminal = q -> q.contains("local NVMe of fake.metal.96x384") ? "n" : "y";
    CliRun r = stop();
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().contains("not stopped"), r.out.toString());
    assertTrue(status() != LabStatus.STOPPED);
  }

  @Test
  void forceStopsIt() {
    CliRun r = stop("--force");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(LabStatus.STOPPED, status());
  }
}
