package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import io.nestlab.samples.guice.OverrideForTests;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI is assembled by Guice (docs/design/0151): lab commands take their clock, providers and
 * default store from the injector, so a test's overrides reach them; offline commands never make
 * the injector.
 */
class CliAssemblyTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Supplier<Injector> injector, String... args) {
    CommandLine cl = NestLabCli.commandLine(injector, args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String sample(String name) {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", name).toString();
  }

  @Test
  void offlineCommandsAndHelpNeverMakeTheInjector() {
    Supplier<Injector> refuse =
        () -> {
          throw new AssertionError("an offline command asked for the Guice injector");
        };
    String lab = sample("article-lab.yaml");
    List<String[]> commands =
        List.of(
            new String[] {"--version"},
            new String[] {"--help"},
            new String[] {"validate", lab},
            new String[] {"estimate", lab},
            new String[] {"estimate", "--json", lab},
            new String[] {"plan", lab},
            new String[] {"catalog"},
            new String[] {"up", "--help"},
            new String[] {"help", "status"});
    for (String[] args : commands) {
      assertEquals(0, run(refuse, args), String.join(" ", args) + ": " + err);
    }
  }

  /** picocli makes commands and mixins, so an injected constructor could never be called. */
  static final class InjectedConstructor {
    @jakarta.inject.Inject
    InjectedConstructor() {}
  }

  @Test
  void anInjectConstructorIsRefusedNamingTheWayThatWorks() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> CliInjection.wantsInjection(InjectedConstructor.class));
    assertTrue(e.getMessage().contains("@Inject fields or methods"), e.getMessage());
    assertTrue(CliInjection.wantsInjection(LabCommandOptions.class));
    assertTrue(CliInjection.wantsInjection(StateOptions.class));
    assertFalse(CliInjection.wantsInjection(EstimateCommand.class));
  }

  @Test
  void labCommandsTakeTheClockAndTheStoreTheInjectorBinds() {
    // The override a Guice user's test makes (OverrideForTests): a clock 400 days back, a scratch
    // store. No --state-dir: the command's default store is the injector's.
    Instant before = Instant.now().minus(Duration.ofDays(400));
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-400));
    Path scratch = tmp.resolve("scratch");
    AtomicInteger made = new AtomicInteger();
    Supplier<Injector> injector =
        () -> {
          made.incrementAndGet();
          return OverrideForTests.injector(tmp.resolve("unused"), scratch, past);
        };

    int code =
        run(
            injector,
            "up",
            sample("single-host.yaml"),
            "--provider",
            "fake",
            "--yes",
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=50",
            "--provider-opt",
            "boot-phase-ms=5");

    assertEquals(0, code, err.toString());
    assertEquals(1, made.get());
    LabStore store = FileLabStore.at(scratch);
    assertEquals(1, store.labIds().size(), "the lab is in the injector's store: " + out);
    LabRecord rec = store.load(store.labIds().get(0));
    assertTrue(
        rec.created().isBefore(before.plus(Duration.ofDays(1))),
        "created by the injector's clock, 400 days back: " + rec.created());
    assertFalse(FileLabStore.at(tmp.resolve("unused")).labIds().iterator().hasNext());

    out.getBuffer().setLength(0);
    assertEquals(0, run(injector, "list"), err.toString());
    assertTrue(out.toString().contains(rec.labId()), out.toString());
    assertEquals(2, made.get(), "one injector per command line");

    assertEquals(
        0,
        run(
            injector,
            "down",
            rec.labId(),
            "--yes",
            "--provider-opt",
            "dir=" + tmp.resolve("cloud"),
            "--provider-opt",
            "transition-ms=50"),
        err.toString());
  }
}
