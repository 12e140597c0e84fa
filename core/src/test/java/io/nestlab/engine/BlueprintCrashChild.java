package io.nestlab.engine;

import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProviderFactory;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM for {@link BlueprintKillIT}. {@code save STATE CLOUD LAB N}: saves the ready lab LAB
 * as blueprint {@code base}; {@code restore STATE CLOUD LAB N}: creates LAB from blueprint {@code
 * base}. At the Nth step event (N = -1: right after the cloud started the snapshot, or launched the
 * host, before the journal knows) it prints {@code KILLPOINT} and waits to be killed.
 */
public final class BlueprintCrashChild {
  private BlueprintCrashChild() {}

  static Map<String, String> cloud(String dir) {
    return Map.of("dir", dir, "transition-ms", "100", "boot-phase-ms", "40");
  }

  public static void main(String[] args) {
    String mode = args[0];
    Path state = Path.of(args[1]);
    Map<String, String> cloud = cloud(args[2]);
    String lab = args[3];
    int killAt = Integer.parseInt(args[4]);
    AtomicInteger events = new AtomicInteger();
    FakeLabProviderFactory fake = new FakeLabProviderFactory();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(state))
            .providers(
                (id, s) -> killAt == -1 ? new KillAfterCloudCall(fake.create(s)) : fake.create(s))
            .pollInterval(Duration.ofMillis(40))
            .owner("crash-test")
            .listener(
                e -> {
                  if (e.labId().equals(lab)
                      && e.kind() != LabEvent.Kind.INFO
                      && events.incrementAndGet() == killAt) {
                    CrashChild.park("KILLPOINT " + e.step() + " " + e.kind());
                  }
                })
            .build();
    if (mode.equals("save")) {
      engine.save(lab, "base", SaveOptions.keepRunning(), ProviderSettings.of(cloud));
    } else {
      engine.create(
          CreateRequest.of(
                  TestLabs.small(),
                  FakeCatalog.option("fake.nested.8x64", 30, 100),
                  ProviderSettings.of(cloud))
              .withLabId(lab)
              .withBlueprint("base"));
    }
    System.out.println("DONE");
    System.out.flush();
  }

  /** Parks right after the cloud started the snapshot or launched the host. */
  private static final class KillAfterCloudCall extends ForwardingProvider {
    KillAfterCloudCall(LabProvider delegate) {
      super(delegate);
    }

    @Override
    public DiskSnapshot snapshotDataDisk(
        HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
      DiskSnapshot s = super.snapshotDataDisk(host, name, tags, idempotencyKey);
      CrashChild.park("KILLPOINT after-snapshot " + s.id());
      return s;
    }

    @Override
    public HostRef launchHost(HostRequest request) {
      HostRef ref = super.launchHost(request);
      CrashChild.park("KILLPOINT after-launch " + ref.id());
      return ref;
    }
  }
}
