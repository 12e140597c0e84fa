package io.nestlab.engine.internal.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.engine.ForwardingProvider;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.EngineFixture;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.state.JournalEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each create step on its own, against the fake cloud. */
class CreateStepsTest {
  @TempDir Path dir;

  private EngineFixture f;

  @org.junit.jupiter.api.BeforeEach
  void fixture() {
    f = new EngineFixture(dir);
  }

  private CreateContext context(LabProvider provider, UserDataRenderer renderer) {
    f.renderer(renderer);
    f.newLab("lab-1");
    EngineContext ctx = f.context(provider);
    return new CreateContext(ctx, f.run(ctx, "lab-1"), provider);
  }

  private CreateContext context(LabProvider provider) {
    return context(provider, UserDataRenderer.minimal());
  }

  private FakeLabProvider fake(FakeFaults faults) {
    return f.fake(faults);
  }

  @Test
  void keysAreMadeOnceAndMadeAgainWhenTheVaultLostThem() {
    CreateContext c = context(fake(FakeFaults.none()));
    KeysStep keys = new KeysStep();
    assertFalse(keys.isDone(c));

    keys.apply(c);

    assertTrue(keys.isDone(c));
    assertTrue(c.publicKey().startsWith("ssh-ed25519 "), c.publicKey());
    assertTrue(c.vault().sshKey().orElseThrow().reveal().contains("PRIVATE KEY"));
    c.engine().store().saveSecrets("lab-1", io.nestlab.state.LabSecrets.empty());
    assertFalse(keys.isDone(c), "a journal without the private key means a new key");
  }

  @Test
  void preflightAndLaunchRenderTheUserDataOnceAndTheLaunchKeepsDeferredFiles() {
    AtomicInteger renders = new AtomicInteger();
    UserDataRenderer counting =
        r -> {
          renders.incrementAndGet();
          PackedUserData plain = UserDataRenderer.minimal().render(r);
          return new PackedUserData(
              plain.bytes(), plain.form(), Map.of("/opt/nestlab/vcsa.json", "{}"));
        };
    CreateContext c = context(fake(FakeFaults.none()), counting);
    new KeysStep().apply(c);

    new PreflightStep().apply(c);
    new NetworkStep().apply(c);
    LaunchHostStep launch = new LaunchHostStep();
    assertFalse(launch.isDone(c));
    launch.apply(c);

    assertEquals(1, renders.get(), "signed and rendered once for preflight and launch");
    assertTrue(launch.isDone(c));
    assertNotNull(c.record().host());
    assertEquals(1, c.record().transitions().size(), "billed from the launch request");
    JournalEntry begin =
        c.record().journal().stream()
            .filter(e -> e.step().equals("host") && e.phase() == JournalEntry.Phase.BEGIN)
            .findFirst()
            .orElseThrow();
    assertEquals(HostRequests.idempotencyKey("lab-1", "host"), begin.data().get("idempotencyKey"));
    assertEquals(Map.of("/opt/nestlab/vcsa.json", "{}"), c.vault().deferredFiles());
  }

  @Test
  void aRefusedPreflightIsAProviderErrorNamingTheCheck() {
    CreateContext c = context(fake(FakeFaults.none().withQuotaError(true)));
    new KeysStep().apply(c);

    ProviderException e = assertThrows(ProviderException.class, () -> new PreflightStep().apply(c));

    assertTrue(e.getMessage().contains("preflight failed: quota: "), e.getMessage());
    assertFalse(new PreflightStep().isDone(c));
  }

  @Test
  void theNetworkIsRecordedWithItsIds() {
    CreateContext c = context(fake(FakeFaults.none()));
    NetworkStep step = new NetworkStep();

    step.apply(c);

    assertTrue(step.isDone(c));
    assertNotNull(c.record().network());
    assertEquals(c.record().network().ids(), c.run().lastOf(LabStep.NETWORK).orElseThrow().data());
  }

  @Test
  void runningRecordsTheAddressAndNeedsTheInfrastructureWaitLevel() {
    CreateContext c = context(fake(FakeFaults.none()));
    new KeysStep().apply(c);
    new NetworkStep().apply(c);
    new LaunchHostStep().apply(c);
    AwaitRunningStep running = new AwaitRunningStep();

    running.apply(c);

    assertTrue(running.isDone(c));
    assertNotNull(c.record().publicIp());
    assertEquals(WaitLevel.INFRASTRUCTURE, running.needs());
  }

  @Test
  void deferredFilesNeedSshAndWithoutThemTheStepIsDone() {
    CreateContext c = context(fake(FakeFaults.none()));
    DeliverFilesStep deliver = new DeliverFilesStep();
    assertTrue(deliver.isDone(c), "nothing to deliver");
    c.vault().saveDeferredFiles(Map.of("/opt/nestlab/a.sh", "echo"));
    assertFalse(deliver.isDone(c));

    NestLabException e = assertThrows(NestLabException.class, () -> deliver.apply(c));

    assertTrue(e.getMessage().contains("cannot be reached over SSH"), e.getMessage());
    assertEquals(WaitLevel.READY, deliver.needs());
  }

  @Test
  void theBootstrapFollowsTheConsoleAcrossReadsAndFailsOnAFailedPhase() {
    List<String> chunks =
        new ArrayList<>(
            List.of(
                "boot noise\nNESTLAB phase=esxi host=esx-01 status=st",
                "art t=2026-11-24T10:00:01Z\n",
                "NESTLAB phase=ready status=done t=2026-11-24T10:00:09Z\n"));
    CreateContext c = context(scripted(chunks));
    launchedHost(c);
    BootstrapStep bootstrap = new BootstrapStep();

    bootstrap.apply(c);

    assertTrue(bootstrap.isDone(c));
    assertEquals("ready done", c.record().lastPhase());

    CreateContext failing =
        context(
            scripted(
                new ArrayList<>(
                    List.of(
                        "NESTLAB phase=vcenter status=failed reason=disk t=2026-11-24T10:01:00Z\n"))));
    launchedHost(failing);
    NestLabException e = assertThrows(NestLabException.class, () -> bootstrap.apply(failing));
    assertTrue(e.getMessage().contains("failed in phase vcenter failed: disk"), e.getMessage());
  }

  @Test
  void accessEndsWithoutAProblemWhenTheProviderHasNoSsh() {
    CreateContext c = context(fake(FakeFaults.none()));
    AccessStep access = new AccessStep();
    assertFalse(access.isDone(c));

    access.apply(c);

    assertNull(c.accessProblem());
    assertEquals(JournalEntry.Phase.END, c.run().lastOf(LabStep.ACCESS).orElseThrow().phase());
    assertTrue(c.run().lastOf(LabStep.CREDENTIALS).isEmpty());
  }

  private static void launchedHost(CreateContext c) {
    c.run().update(c.record().toBuilder().host(new HostRef("fake", "region-1", "zone-a", "i-1")));
  }

  /** A provider whose console returns {@code chunks}, one per read, then nothing new. */
  private LabProvider scripted(List<String> chunks) {
    return new ForwardingProvider(f.fake(FakeFaults.none())) {
      long offset;

      @Override
      public ConsoleOutput readConsole(HostRef host, long from) {
        String text = chunks.isEmpty() ? "" : chunks.remove(0);
        offset += text.length();
        return new ConsoleOutput(text, offset);
      }
    };
  }
}
