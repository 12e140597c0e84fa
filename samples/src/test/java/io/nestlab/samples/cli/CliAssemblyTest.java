package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import io.nestlab.samples.guice.OverrideForTests;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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

  /**
   * A run of each offline command, by name; {@link #offlineCommandsOfTheTree} says which commands
   * must have one, so a new offline command fails this test until it is run here.
   */
  private Map<String, List<String[]>> offlineRuns() {
    String lab = sample("article-lab.yaml");
    Map<String, List<String[]>> runs = new TreeMap<>();
    runs.put("providers", List.<String[]>of(new String[] {"providers"}));
    runs.put(
        "catalog",
        List.of(
            new String[] {"catalog"}, new String[] {"catalog", "--provider", "gcp", "--types"}));
    runs.put("validate", List.<String[]>of(new String[] {"validate", lab}));
    runs.put(
        "estimate",
        List.of(
            new String[] {"estimate", lab},
            new String[] {"estimate", "--json", lab},
            // --from reads blueprint records: state, but still no injector (design 0151).
            new String[] {
              "estimate", "--from", "none-here", "--state-dir", tmp.resolve("s").toString()
            }));
    runs.put("plan", List.<String[]>of(new String[] {"plan", lab}));
    runs.put(
        "render",
        List.<String[]>of(new String[] {"render", lab, "--out", tmp.resolve("r").toString()}));
    runs.put("completion", List.<String[]>of(new String[] {"completion", "bash"}));
    return runs;
  }

  /** Exit codes other than 0 that an offline run above is expected to give. */
  private static final Map<String, Integer> EXPECTED_CODE = Map.of("none-here", ExitCode.STATE);

  @Test
  void offlineCommandsAndHelpNeverMakeTheInjector() {
    Supplier<Injector> refuse =
        () -> {
          throw new AssertionError("an offline command asked for the Guice injector");
        };
    List<String[]> commands =
        new ArrayList<>(
            List.of(
                new String[] {"--version"},
                new String[] {"--help"},
                new String[] {"up", "--help"},
                new String[] {"help", "status"}));
    Map<String, List<String[]>> runs = offlineRuns();
    assertEquals(
        offlineCommandsOfTheTree(),
        runs.keySet(),
        "every command docs/cli.md says needs no cloud (and only those) is run here without the"
            + " injector; add a run of a new offline command to offlineRuns()");
    runs.values().forEach(commands::addAll);
    for (String[] args : commands) {
      int expected =
          List.of(args).stream()
              .map(EXPECTED_CODE::get)
              .filter(c -> c != null)
              .findFirst()
              .orElse(ExitCode.OK);
      assertEquals(expected, run(refuse, args), String.join(" ", args) + ": " + err);
      assertFalse(err.toString().contains("Guice injector"), String.join(" ", args) + ": " + err);
    }
  }

  /**
   * Every offline command of picocli's command tree, with its mixins and subcommands, asks for
   * nothing the injector makes ({@code @Inject} members): derived from the tree and from
   * docs/cli.md's "Needs a cloud" column, so a new command or mixin cannot slip past a fixed list.
   */
  @Test
  void noOfflineCommandOrMixinOfTheTreeWantsInjection() {
    CommandLine root = NestLabCli.commandLine();
    List<String> injected = new ArrayList<>();
    for (String name : offlineCommandsOfTheTree()) {
      injected(name, root.getSubcommands().get(name).getCommandSpec(), needsCloud(), injected);
    }
    assertEquals(List.of(), injected, "offline commands whose model asks for injection");
    // The check sees what CliInjection sees: a lab command's mixin does want injection.
    List<String> lab = new ArrayList<>();
    injected("status", root.getSubcommands().get("status").getCommandSpec(), Map.of(), lab);
    assertFalse(lab.isEmpty(), "status takes its services from the injector");
  }

  /** The top-level commands of the tree that docs/cli.md says need no cloud ("no"). */
  private static Set<String> offlineCommandsOfTheTree() {
    Map<String, String> needs = needsCloud();
    Set<String> offline = new TreeSet<>();
    List<String> undocumented = new ArrayList<>();
    for (String name : NestLabCli.commandLine().getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue; // picocli's own: run above as 'help status'
      }
      // Its own row; else the rows of its subcommands ("state export", "state import").
      boolean own = needs.containsKey(name);
      Set<String> values = new TreeSet<>();
      needs.forEach(
          (command, value) -> {
            if (own ? command.equals(name) : command.startsWith(name + " ")) {
              values.add(value);
            }
          });
      if (values.isEmpty()) {
        undocumented.add(name);
      } else if (values.equals(Set.of("no"))) {
        offline.add(name);
      }
    }
    assertEquals(List.of(), undocumented, "commands missing from docs/cli.md's command table");
    assertFalse(offline.isEmpty(), "docs/cli.md's table lists no offline command: " + needs);
    return offline;
  }

  /** docs/cli.md's command table: each command's words ("catalog refresh") to its third cell. */
  private static Map<String, String> needsCloud() {
    String doc;
    try {
      doc = Files.readString(Path.of(System.getProperty("nestlab.repo.dir"), "docs", "cli.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String table = doc.substring(doc.indexOf("| Command | What it does | Needs a cloud |"));
    Map<String, String> needs = new LinkedHashMap<>();
    for (String line : table.split("\n")) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("(?<!\\\\)\\|");
      if (cells.length < 4) {
        continue;
      }
      Matcher m = Pattern.compile("`([^`]*)`").matcher(cells[1]);
      while (m.find()) {
        StringBuilder words = new StringBuilder();
        for (String word : m.group(1).split(" ")) {
          if (!word.matches("[a-z]+")) {
            break;
          }
          words.append(words.length() == 0 ? "" : " ").append(word);
        }
        if (words.length() > 0) {
          needs.putIfAbsent(words.toString(), cells[cells.length - 1].trim());
        }
      }
    }
    return needs;
  }

  /**
   * Adds to {@code into} the command {@code name} (or one of its mixins or subcommands) when it
   * asks for injection; a subcommand that docs/cli.md lists as needing a cloud is not offline.
   */
  private static void injected(
      String name, CommandSpec spec, Map<String, String> needs, List<String> into) {
    Object o = spec.userObject();
    if (o != null && CliInjection.wantsInjection(o.getClass())) {
      into.add(name + " (" + o.getClass().getSimpleName() + ")");
    }
    spec.mixins().forEach((mixin, m) -> injected(name + " mixin " + mixin, m, needs, into));
    spec.subcommands()
        .forEach(
            (sub, cl) -> {
              String full = name + " " + sub;
              if (needs.getOrDefault(full, "no").equals("no")) {
                injected(full, cl.getCommandSpec(), needs, into);
              }
            });
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
