package io.nestlab.samples;

// snippet:fake-lifecycle
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Embedding sample: create a lab and destroy it again with the {@code fake} provider, through the
 * same {@link LabEngine} that drives AWS and Google Cloud. No account, no cost; the fake cloud and
 * the lab's state live in a temporary directory. Run it from your IDE, or with {@code java -cp
 * samples/target/nestlab-cli.jar io.nestlab.samples.FakeLabLifecycle}.
 */
public final class FakeLabLifecycle {
  private FakeLabLifecycle() {}

  public static void main(String[] args) throws IOException {
    Path work = Files.createTempDirectory("nestlab-sample-");
    run(work, System.out);
  }

  /** The lab's record after create, then after destroy. */
  public record Outcome(LabRecord created, LabRecord destroyed) {}

  /** Creates a one-host lab in {@code work}, prints each step to {@code out}, destroys it. */
  public static Outcome run(Path work, PrintStream out) {
    LabSpec lab =
        LabSpec.builder()
            .name("demo")
            .esxi(new EsxiSpec("8.0U3", 1, "esx", 2, 16, 32, 100, Map.of()))
            .build();
    ProviderSettings fakeCloud =
        ProviderSettings.of(
            Map.of(
                "dir", work.resolve("cloud").toString(), // the fake cloud outlives the JVM here
                "transition-ms", "50",
                "boot-phase-ms", "20"));
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(work.resolve("labs")))
            .pollInterval(Duration.ofMillis(50))
            .listener(e -> out.println("  " + e.step() + " " + e.kind() + " " + e.detail()))
            .build();
    PlanOption option = FakeCatalog.option("fake.nested.8x64", 30, 130);
    LabRecord created = engine.create(CreateRequest.of(lab, option, fakeCloud));
    out.println("created " + created.labId() + ": " + created.status());
    LabRecord destroyed = engine.destroy(created.labId(), fakeCloud);
    out.println("destroyed " + destroyed.labId() + ": " + destroyed.status());
    return new Outcome(created, destroyed);
  }
}
// end-snippet
