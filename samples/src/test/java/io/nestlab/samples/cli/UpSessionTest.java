package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during up, and up's summary, on the directory-backed fake cloud. */
class UpSessionTest {
  private static final LabSpec SPEC =
      LabSpecs.read(
          Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml"));

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final List<String> asked = new ArrayList<>();

  private ProviderSettings settings() {
    return ProviderSettings.of(
        Map.of(
            "dir",
            tmp.resolve("cloud").toString(),
            "transition-ms",
            "300",
            "boot-phase-ms",
            "100"));
  }

  /** Runs up's session; Ctrl-C "arrives" when the engine ends {@code interruptAfter}. */
  private int up(UpInterrupt.Prompt prompt, String interruptAfter, WaitLevel wait, String labId)
      throws InterruptedException {
    PlanOption option = LabPlanning.cheapest(SPEC, "fake", null);
    UpSession session = new UpSession(new PrintWriter(out, true), prompt, " --state-dir S");
    UpProgress progress =
        new UpProgress(TypicalDurations.of(SPEC, option, settings()), wait, Clock.systemUTC());
    UpProgress.Renderer plain = line -> out.write(line + "\n");
    progress.renderTo(plain);
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(tmp.resolve("state")))
            .sleeper(session.run())
            .listener(progress)
            .listener(
                e -> {
                  if (e.step().equals(interruptAfter) && e.kind() == LabEvent.Kind.END) {
                    session.run().interrupt();
                  }
                })
            .build();
    CreateRequest request =
        CreateRequest.of(SPEC, option, settings()).withWait(wait).withLabId(labId);
    return session.create(engine, request, ProviderSettings.empty(), progress, plain);
  }

  private UpInterrupt.Prompt answering(String answer) {
    return q -> {
      asked.add(q);
      return answer;
    };
  }

  private FakeLabProvider cloud() {
    return FakeLabProvider.builder().directory(tmp.resolve("cloud")).build();
  }

  private LabRecord record(String id) {
    return FileLabStore.at(tmp.resolve("state")).load(id);
  }

  @Test
  void ctrlCOnATerminalAndDestroyDeletesWhatExists() throws Exception {
    assertEquals(
        ExitCode.INTERRUPTED, up(answering("d"), LabStep.HOST.wire(), WaitLevel.READY, "lab-d"));
    assertEquals(1, asked.size(), out.toString());
    assertTrue(asked.get(0).contains("lab lab-d is not finished"), asked.get(0));
    assertTrue(asked.get(0).matches("(?s).*host fake-i-\\d+.*/h while it runs.*"), asked.get(0));
    assertTrue(asked.get(0).contains("[k]eep/[d]estroy"), asked.get(0));
    assertTrue(out.toString().contains("lab lab-d is destroyed"), out.toString());
    assertEquals(LabStatus.DESTROYED, record("lab-d").status());
    try (FakeLabProvider cloud = cloud()) {
      assertEquals(List.of(), cloud.listOwned(TagFilter.anyLab()));
    }
  }

  @Test
  void ctrlCOnATerminalAndKeepLeavesTheLabResumable() throws Exception {
    assertEquals(
        ExitCode.INTERRUPTED, up(answering("keep"), LabStep.HOST.wire(), WaitLevel.READY, "lab-k"));
    assertTrue(out.toString().contains("lab lab-k is kept"), out.toString());
    assertTrue(out.toString().contains("nestlab resume lab-k --state-dir S"), out.toString());
    assertTrue(out.toString().contains("nestlab down lab-k --yes --state-dir S"), out.toString());
    // Stopped where it waits: the host exists, nothing more was done, nothing was deleted.
    LabRecord kept = record("lab-k");
    assertEquals(LabStatus.CREATING, kept.status());
    assertFalse(kept.ended(LabStep.BOOTSTRAP.wire()));
    try (FakeLabProvider cloud = cloud()) {
      assertFalse(cloud.listOwned(TagFilter.lab("lab-k")).isEmpty());
    }
    // And resume continues it to ready, as the printed command says.
    LabRecord resumed =
        LabEngine.builder(FileLabStore.at(tmp.resolve("state")))
            .build()
            .resume("lab-k", ProviderSettings.empty(), WaitLevel.READY);
    assertEquals(LabStatus.READY, resumed.status());
  }

  @Test
  void anEmptyAnswerOrTheEndOfInputKeeps() throws Exception {
    assertEquals(
        ExitCode.INTERRUPTED, up(answering(""), LabStep.HOST.wire(), WaitLevel.READY, "lab-e"));
    assertTrue(out.toString().contains("lab lab-e is kept"), out.toString());
    assertEquals(
        ExitCode.INTERRUPTED, up(q -> null, LabStep.HOST.wire(), WaitLevel.READY, "lab-n"));
    assertEquals(LabStatus.CREATING, record("lab-n").status());
  }

  @Test
  void ctrlCWithoutATerminalKeepsAndPrintsTheCommands() throws Exception {
    assertEquals(ExitCode.INTERRUPTED, up(null, LabStep.RUNNING.wire(), WaitLevel.READY, "lab-t"));
    String text = out.toString();
    assertTrue(text.contains("no terminal to ask, so lab lab-t is kept"), text);
    assertTrue(text.contains("  continue: nestlab resume lab-t --state-dir S"), text);
    assertTrue(text.contains("  delete:   nestlab down lab-t --yes --state-dir S"), text);
    assertEquals(LabStatus.CREATING, record("lab-t").status());
  }

  @Test
  void theSummaryOfAReadyLabSaysWhereItAnswersItsCredentialsCostAndLease() throws Exception {
    assertEquals(ExitCode.OK, up(null, "none", WaitLevel.READY, "lab-r"));
    String text = out.toString();
    assertTrue(text.contains("lab lab-r is ready on fake fake-central-1"), text);
    assertTrue(text.matches("(?s).*  L1 host      203\\.0\\.113\\.\\d+ .*"), text);
    assertTrue(text.contains("  vCenter      https://vcsa.lab.internal/ui"), text);
    assertTrue(text.contains("  ESXi         https://esx-01.lab.internal/ui"), text);
    // The fake has no SSH: the credentials stay on the host, and no command that needs SSH
    // (ssh, creds, connect; each would exit 4) is offered.
    assertTrue(
        text.contains(
            "  credentials  on the L1 host in /etc/nestlab/secrets.env; fake hosts have no SSH,"
                + " so they cannot be fetched from here"),
        text);
    assertTrue(text.contains("(no SSH: fake hosts have none)"), text);
    assertFalse(text.contains("nestlab creds"), text);
    assertFalse(text.contains("nestlab ssh"), text);
    assertFalse(text.contains("nestlab connect"), text);
    assertTrue(text.matches("(?s).*  cost         \\$0\\.\\d+/h now; lease ends 20.*"), text);
    assertTrue(text.contains("  delete it    nestlab down lab-r --yes --state-dir S"), text);
    assertFalse(text.contains("wait here"), text);
  }

  /** A provider whose hosts have SSH (here the fake with a stand-in port) gets the commands. */
  @Test
  void aSummaryOffersSshAndCredsWhenTheHostHasSsh() throws Exception {
    PlanOption option = LabPlanning.cheapest(SPEC, "fake", null);
    Map<String, String> withSsh = new java.util.HashMap<>(settings().asMap());
    withSsh.put("ssh-port", "2222");
    UpSession session = new UpSession(new PrintWriter(out, true), null, " --state-dir S");
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(tmp.resolve("state"))).sleeper(session.run()).build();
    UpProgress progress =
        new UpProgress(
            TypicalDurations.of(SPEC, option, ProviderSettings.of(withSsh)),
            WaitLevel.INFRASTRUCTURE,
            Clock.systemUTC());
    CreateRequest request =
        CreateRequest.of(SPEC, option, ProviderSettings.of(withSsh))
            .withWait(WaitLevel.INFRASTRUCTURE)
            .withLabId("lab-s");
    assertEquals(
        ExitCode.OK,
        session.create(engine, request, ProviderSettings.empty(), progress, line -> {}));
    String text = out.toString();
    assertTrue(text.contains("(shell: nestlab ssh lab-s --state-dir S)"), text);
    assertTrue(text.contains("fetch and show them: nestlab creds lab-s --state-dir S"), text);
  }

  @Test
  void aSummaryBeforeReadySaysHowToFollowAndHowToKeepWaiting() throws Exception {
    assertEquals(ExitCode.OK, up(null, "none", WaitLevel.INFRASTRUCTURE, "lab-i"));
    String text = out.toString();
    assertTrue(text.contains("lab lab-i is launched on fake"), text);
    assertTrue(text.contains("it is not ready yet: its bootstrap goes on"), text);
    assertTrue(text.contains("  follow it    nestlab status lab-i --state-dir S"), text);
    assertTrue(text.contains("  wait here    nestlab resume lab-i --state-dir S"), text);
    assertFalse(text.contains("nestlab creds"), text);
    assertFalse(text.contains("nestlab ssh"), text);

    out.getBuffer().setLength(0);
    assertEquals(ExitCode.OK, up(null, "none", WaitLevel.NONE, "lab-0"));
    text = out.toString();
    assertTrue(text.contains("it is not ready yet: its host's start goes on"), text);
    assertTrue(text.contains("  wait here    nestlab resume lab-0 --state-dir S"), text);
    assertNull(record("lab-0").publicIp(), "--wait none returns before the host has an address");
  }
}
