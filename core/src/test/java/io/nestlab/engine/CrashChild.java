package io.nestlab.engine;

import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProviderFactory;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabStateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM for the crash and race tests. {@code create STATE CLOUD LAB N}: creates a lab and, at
 * its Nth step event (N = -1: right after the cloud launched the host, before the journal knows),
 * prints {@code KILLPOINT} and waits to be killed. {@code stop STATE CLOUD LAB GOFILE}: waits for
 * GOFILE (after printing READY), then stops the lab, holding it until the other process was refused
 * (GOFILE.refused); exits 4, after writing that file, when another process holds the lab.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path state = Path.of(args[1]);
    Map<String, String> cloud =
        Map.of(
            "dir",
            args[2],
            "transition-ms",
            "100",
            "boot-phase-ms",
            "40",
            "latency-ms",
            args[0].equals("stop") ? "250" : "0");
    String lab = args[3];
    switch (args[0]) {
      case "create" -> create(state, cloud, lab, Integer.parseInt(args[4]));
      case "stop" -> stop(state, cloud, lab, Path.of(args[4]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void create(Path state, Map<String, String> cloud, String lab, int killAt) {
    AtomicInteger events = new AtomicInteger();
    LabEngine engine =
        engine(state, killAt)
            .listener(
                e -> {
                  if (e.kind() != LabEvent.Kind.INFO && events.incrementAndGet() == killAt) {
                    park("KILLPOINT " + e.step() + " " + e.kind());
                  }
                })
            .build();
    engine.create(
        CreateRequest.of(
                TestLabs.small(),
                FakeCatalog.option("fake.nested.8x64", 30, 100),
                ProviderSettings.of(cloud))
            .withLabId(lab));
    System.out.println("DONE");
    System.out.flush();
  }

  /**
   * How many step events (begin and end, not INFO) a whole create journals here: the kill points of
   * the crash tests. Counted from a create run in this JVM in fresh directories, so a new create
   * step is killed at without editing a number in the tests.
   */
  static int stepEvents() {
    try {
      Path dir = Files.createTempDirectory("nestlab-step-events");
      AtomicInteger events = new AtomicInteger();
      LabEngine engine =
          engine(dir.resolve("state"), 0)
              .listener(
                  e -> {
                    if (e.kind() != LabEvent.Kind.INFO) {
                      events.incrementAndGet();
                    }
                  })
              .build();
      Map<String, String> cloud =
          Map.of(
              "dir",
              dir.resolve("cloud").toString(),
              "transition-ms",
              "100",
              "boot-phase-ms",
              "40");
      engine.create(
          CreateRequest.of(
                  TestLabs.small(),
                  FakeCatalog.option("fake.nested.8x64", 30, 100),
                  ProviderSettings.of(cloud))
              .withLabId("step-events"));
      return events.get();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void stop(Path state, Map<String, String> cloud, String lab, Path go)
      throws Exception {
    // The winner keeps the lab inside stopHost until the loser was refused, so the loser always
    // meets a held lab, however the two JVMs are scheduled.
    Path refused = go.resolveSibling(go.getFileName() + ".refused");
    FakeLabProviderFactory fake = new FakeLabProviderFactory();
    LabEngine engine =
        engine(state, 0)
            .providers((id, s) -> new HoldWhileStopping(fake.create(s), refused))
            .build();
    System.out.println("READY");
    System.out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    try {
      engine.stop(lab, ProviderSettings.of(cloud));
      System.out.println("STOPPED");
    } catch (LabStateException e) {
      System.err.println(e.getMessage());
      Files.writeString(refused, "refused");
      System.exit(4);
    }
  }

  private static LabEngine.Builder engine(Path state, int killAt) {
    ProviderResolver real = ProviderResolver.serviceLoader();
    ProviderResolver resolver =
        killAt == -1
            ? (id, s) -> new KillAfterLaunch(real.open(id, s))
            : (id, s) -> new FakeLabProviderFactory().create(s);
    return LabEngine.builder(FileLabStore.at(state))
        .providers(resolver)
        .pollInterval(Duration.ofMillis(40))
        .owner("crash-test");
  }

  static void park(String line) {
    System.out.println(line);
    System.out.flush();
    try {
      Thread.sleep(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(99); // never reached when the test kills us
  }

  /** Stops the host only once the other process was refused the lab (bounded: 60 s). */
  private static final class HoldWhileStopping extends ForwardingProvider {
    private final Path refused;

    HoldWhileStopping(LabProvider delegate, Path refused) {
      super(delegate);
      this.refused = refused;
    }

    @Override
    public void stopHost(HostRef host) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      try {
        while (!Files.exists(refused) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.stopHost(host);
    }
  }

  /** Passes every call through, but parks right after the cloud launched the host. */
  private static final class KillAfterLaunch extends ForwardingProvider {
    KillAfterLaunch(LabProvider delegate) {
      super(delegate);
    }

    @Override
    public HostRef launchHost(HostRequest request) {
      HostRef ref = super.launchHost(request);
      park("KILLPOINT after-launch " + ref.id());
      return ref;
    }
  }
}
