package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a new user meets it: what the docs say works, and reads as one style. */
class NewUserCommandsTest {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));

  @TempDir Path tmp;

  /** A one-host lab for the fake provider, which placement names as its only provider. */
  private Path fakeLab(String extra) throws IOException {
    return Files.writeString(
        tmp.resolve("fake-lab.yaml"),
        "apiVersion: nestlab/v1\nname: fake-lab\nesxi: { version: \"8.0U3\" }\n"
            + "media: { esxiIso: { url: \"https://example.org/esxi.iso\" } }\n"
            + "placement: { providers: [fake] }\n"
            + extra);
  }

  private CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String labId(CliRun up) {
    Matcher m = Pattern.compile("lab (fake-lab-[a-z0-9]+) is ready").matcher(up.out.toString());
    assertTrue(m.find(), up.out + "\n" + up.err);
    return m.group(1);
  }

  private String[] fakeUp(Path file, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                file.toString(),
                "--yes",
                "--state-dir",
                tmp.resolve("state").toString(),
                "--provider-opt",
                "dir=" + tmp.resolve("cloud"),
                "--provider-opt",
                "transition-ms=1",
                "--provider-opt",
                "boot-phase-ms=1"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void estimateAcceptsTheFakeProviderAsPlanAndUpDo() throws IOException {
    Path lab = fakeLab("");
    CliRun r = run("estimate", lab.toString(), "--provider", "fake");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().contains("fake-central-1"), r.out.toString());
    assertTrue(r.out.toString().contains("Prices fake: as of"), r.out.toString());
    r = run("estimate", lab.toString(), "--provider", "azure");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("use one of aws, fake, gcp or all"), r.err.toString());
  }

  @Test
  void upTakesTheProviderFromPlacementWhenItNamesExactlyOne() throws IOException {
    CliRun up = run(fakeUp(fakeLab("")));
    assertEquals(ExitCode.OK, up.code, up.err.toString());
    assertTrue(up.out.toString().contains("plan: fake fake-central-1"), up.out.toString());
    labId(up);

    Path two =
        Files.writeString(
            tmp.resolve("two.yaml"),
            Files.readString(tmp.resolve("fake-lab.yaml")).replace("[fake]", "[aws, gcp]"));
    CliRun r = run(fakeUp(two));
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.out.toString());
    assertTrue(
        r.err.toString().contains("--provider: is required when placement.providers names"),
        r.err.toString());
    assertTrue(r.err.toString().contains("aws, gcp"), r.err.toString());
  }

  @Test
  void statusSpeaksLowerCaseLikeTheRestOfTheOutput() throws IOException {
    // A budget the lab crosses at once: status stops it and says so.
    CliRun up = run(fakeUp(fakeLab("policy: { budgetUsd: 0.01 }\n"), "--provider", "fake"));
    assertEquals(ExitCode.OK, up.code, up.err.toString());
    String id = labId(up);
    CliRun status = run("status", id, "--state-dir", tmp.resolve("state").toString());
    assertEquals(ExitCode.STOPPED_BY_GUARD, status.code, status.err.toString());
    String text = status.out.toString();
    assertTrue(text.contains("fake.nested.8x64 on-demand"), text);
    assertTrue(text.contains("(onBudget: stop)"), text);
    assertFalse(text.contains("ON_DEMAND"), text);
    assertFalse(text.contains("STOP"), text);
  }

  @Test
  void listFindsARecordedLabWithTheSettingsItWasMadeWith() throws IOException {
    CliRun up = run(fakeUp(fakeLab(""), "--provider", "fake"));
    assertEquals(ExitCode.OK, up.code, up.err.toString());
    String id = labId(up);
    // No dir given: the fake's cloud is the lab's recorded one, not an empty one in memory.
    CliRun list = run("list", "--provider", "fake", "--state-dir", tmp.resolve("state").toString());
    assertEquals(ExitCode.OK, list.code, list.err.toString());
    String row =
        list.out.toString().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
    assertTrue(row.contains("here+cloud ("), list.out.toString());
    assertFalse(list.out.toString().contains("NOTHING"), list.out.toString());
  }

  @Test
  void everyCommandSummaryIsAWholeSentence() {
    CommandLine root = NestLabCli.commandLine();
    List<String> cut = new ArrayList<>();
    for (var e : root.getSubcommands().entrySet()) {
      String[] description = e.getValue().getCommandSpec().usageMessage().description();
      String summary = description.length == 0 ? "" : description[0].trim();
      if (!summary.endsWith(".")) {
        cut.add(e.getKey() + ": " + summary);
      }
    }
    assertEquals(List.of(), cut, "summaries 'nestlab --help' shows cut mid-sentence");
  }

  @Test
  void completionPrintsABashAndAZshScriptThatKnowEveryCommand() {
    CliRun bash = run("completion", "bash");
    assertEquals(ExitCode.OK, bash.code, bash.err.toString());
    String script = bash.out.toString();
    assertTrue(script.contains("complete -F"), script);
    for (String command : List.of("estimate", "up", "down", "validate", "completion")) {
      assertTrue(script.contains(command), command);
    }
    CliRun zsh = run("completion", "zsh");
    assertEquals(ExitCode.OK, zsh.code, zsh.err.toString());
    assertTrue(zsh.out.toString().contains("bashcompinit"), zsh.out.toString());
    CliRun fish = run("completion", "fish");
    assertEquals(ExitCode.INVALID_INPUT, fish.code);
    assertTrue(fish.err.toString().contains("bash or zsh"), fish.err.toString());
  }

  @Test
  void gettingStartedRunsAsWrittenWithoutATerminal() throws IOException {
    String doc = Files.readString(REPO.resolve("docs/getting-started.md"));
    Matcher block =
        Pattern.compile("## 3\\. A first lab.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertTrue(block.find(), "getting-started has no fake-provider block");
    String id = null;
    String text = block.group(1).replace("\\\n", " ");
    for (String line : text.split("\n")) {
      List<String> args = new ArrayList<>(List.of(line.trim().split("\\s+")));
      assertEquals("samples/bin/nestlab", args.remove(0), line);
      args.replaceAll(
          a ->
              a.endsWith(".yaml")
                  ? REPO.resolve(a).toString()
                  : a.replace("/tmp/fake-cloud", tmp.resolve("cloud").toString()));
      if (id != null) {
        String lab = id;
        args.replaceAll(a -> a.equals("LAB") ? lab : a);
      }
      args.addAll(List.of("--state-dir", tmp.resolve("state").toString()));
      CliRun r = run(args.toArray(String[]::new));
      assertEquals(ExitCode.OK, r.code, line + "\n" + r.out + r.err);
      if (args.get(0).equals("up")) {
        Matcher m =
            Pattern.compile("lab (single-host-[a-z0-9]+) is ready").matcher(r.out.toString());
        assertTrue(m.find(), r.out.toString());
        id = m.group(1);
      }
    }
    assertTrue(id != null, "the block creates no lab");
  }

  @Test
  void docsCliNamesEveryOptionOfEveryCommand() throws IOException {
    String doc = Files.readString(REPO.resolve("docs/cli.md"));
    Matcher section =
        Pattern.compile("## Options by command\\n(.*?)\\n## ", Pattern.DOTALL).matcher(doc);
    assertTrue(section.find(), "docs/cli.md has no 'Options by command' section");
    List<String> missing = new ArrayList<>();
    for (var e : NestLabCli.commandLine().getSubcommands().entrySet()) {
      String row =
          section
              .group(1)
              .lines()
              .filter(l -> l.startsWith("| `" + e.getKey() + "` |"))
              .findFirst()
              .orElse(null);
      if (row == null) {
        missing.add(e.getKey());
        continue;
      }
      for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
        boolean everywhere = o.inherited() || o.usageHelp() || o.versionHelp();
        if (!everywhere && !row.contains("`" + o.longestName())) {
          missing.add(e.getKey() + " " + o.longestName());
        }
      }
    }
    assertEquals(List.of(), missing, "options docs/cli.md does not list");
    // The options a new user looked for in vain.
    for (String option : List.of("`--region REGION`", "`--wait none", "`--live`")) {
      assertTrue(doc.contains("| " + option), option);
    }
  }
}
