package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProvider;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The CLI run in this JVM against one directory-backed fake cloud and one state directory, both
 * under a test's temporary directory, keeping what the last command printed: the set-up the lab
 * lifecycle and blueprint command tests share.
 */
final class FakeCloudCli {
  private final Path tmp;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  FakeCloudCli(Path tmp) {
    this.tmp = tmp;
  }

  /** Runs {@code args} with every subcommand built (as help and suggestions need). */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** {@code args} with this test's state directory and fake cloud (fast timings). */
  String[] lab(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-dir",
            state().toString(),
            "--provider-opt",
            "dir=" + cloudDir(),
            "--provider-opt",
            "transition-ms=50",
            "--provider-opt",
            "boot-phase-ms=5"));
    return all.toArray(String[]::new);
  }

  /** {@code nestlab up FILE --provider fake --yes EXTRA...} on this cloud; the new lab's id. */
  String up(String file, String... extra) {
    List<String> args = new ArrayList<>(List.of("up", sample(file).toString(), "--provider"));
    args.addAll(List.of("fake", "--yes"));
    args.addAll(List.of(extra));
    assertEquals(0, run(lab(args.toArray(String[]::new))), err() + out());
    String name = file.substring(0, file.lastIndexOf('.'));
    Matcher m = Pattern.compile("lab (" + name + "-[a-z0-9]+) is ready").matcher(out());
    assertTrue(m.find(), out());
    return m.group(1);
  }

  /**
   * {@code nestlab sweep --provider fake} on this cloud with a state directory that does not exist
   * ({@link #noState()}): sweeping works from tags alone.
   */
  String[] sweepWithoutState(boolean dryRun) {
    List<String> args = new ArrayList<>(List.of("sweep", "--provider", "fake", "--provider-opt"));
    args.addAll(List.of("dir=" + cloudDir(), "--state-dir", noState().toString()));
    if (dryRun) {
      args.add("--dry-run");
    }
    return args.toArray(String[]::new);
  }

  /** A state directory nothing is recorded in. */
  Path noState() {
    return tmp.resolve("no-state");
  }

  /** The fake cloud, with the commands' timings (a console shows phases by its reader's). */
  FakeLabProvider cloud() {
    return FakeLabProvider.builder()
        .directory(cloudDir())
        .transition(Duration.ofMillis(50))
        .bootPhase(Duration.ofMillis(5))
        .build();
  }

  /** The serial console of lab {@code labId}'s host. */
  String console(String labId) {
    LabRecord r = FileLabStore.at(state()).load(labId);
    try (FakeLabProvider c = cloud()) {
      return c.readConsole(r.host(), 0).text();
    }
  }

  Path state() {
    return tmp.resolve("state");
  }

  Path cloudDir() {
    return tmp.resolve("cloud");
  }

  /** What the last command printed on stdout. */
  String out() {
    return out.toString();
  }

  /** What the last command printed on stderr. */
  String err() {
    return err.toString();
  }

  /** A lab file of samples/labs. */
  static Path sample(String name) {
    return Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", name);
  }
}
