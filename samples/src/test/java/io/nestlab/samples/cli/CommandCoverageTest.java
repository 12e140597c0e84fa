package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's commands as written, the bad inputs every command shares, and test coverage. */
class CommandCoverageTest {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));
  private static final String SINGLE = REPO.resolve("samples/labs/single-host.yaml").toString();

  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** The README's quick start: exactly two commands, the estimate and the test run. */
  @Test
  void readmeQuickStartCommandsWorkAsWritten() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## Quick start.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "README has no quick start bash block");
    List<String> commands = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      String cmd = line.replaceAll("#.*", "").trim();
      if (!cmd.isEmpty()) {
        commands.add(cmd);
      }
    }
    assertEquals(2, commands.size(), "set-up commands: " + commands);
    List<String> estimate = Arrays.asList(commands.get(0).split("\\s+"));
    assertEquals("samples/bin/nestlab", estimate.get(0));
    assertTrue(Files.isExecutable(REPO.resolve(estimate.get(0))));
    List<String> args = new ArrayList<>(estimate.subList(1, estimate.size()));
    // The README's paths are relative to the repository root; the test runs in samples/.
    args.replaceAll(a -> a.endsWith(".yaml") ? REPO.resolve(a).toString() : a);
    assertEquals(ExitCode.OK, run(args.toArray(String[]::new)), err.toString());
    assertTrue(out.toString().contains("$/HOUR"), out.toString());
    assertTrue(out.toString().contains("Prices aws: as of"), out.toString());
    assertEquals("./mvnw verify", commands.get(1));
    assertTrue(Files.isExecutable(REPO.resolve("mvnw")), "the wrapper ./mvnw is missing");
  }

  @Test
  void upWithoutATerminalOrYesRefusesAndSaysWhy() {
    // Tests run without a console, as in CI.
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("up", SINGLE, "--provider", "fake", "--state-dir", tmp.toString()));
    assertTrue(err.toString().contains("pass --yes"), err.toString());
  }

  @Test
  void aMissingFileOrBrokenYamlIsAnInputErrorForEveryFileCommand() throws IOException {
    Path broken = Files.writeString(tmp.resolve("broken.yaml"), "name: [oops\n  esxi: {\n");
    for (String command : List.of("validate", "estimate", "plan", "render", "up")) {
      List<String> base = new ArrayList<>(List.of(command));
      if (command.equals("up")) {
        base.addAll(List.of("--provider", "fake", "--yes", "--state-dir", tmp.toString()));
      }
      if (command.equals("render")) {
        base.addAll(List.of("--out", tmp.resolve("r").toString()));
      }
      List<String> missing = new ArrayList<>(base);
      missing.add(tmp.resolve("missing.yaml").toString());
      assertEquals(ExitCode.INVALID_INPUT, run(missing.toArray(String[]::new)), command);
      assertTrue((out + "" + err).contains("missing.yaml"), command + ": " + out + err);
      assertFalse(err.toString().contains("\tat "), command + ": " + err);
      List<String> bad = new ArrayList<>(base);
      bad.add(broken.toString());
      assertEquals(ExitCode.INVALID_INPUT, run(bad.toArray(String[]::new)), command);
      assertTrue((out + "" + err).contains("broken.yaml"), command + ": " + out + err);
      assertFalse(err.toString().contains("\tat "), command + ": " + err);
    }
  }

  @Test
  void anUnknownProviderIsNamedWithTheKnownOnes() {
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("up", SINGLE, "--provider", "azure", "--yes", "--state-dir", tmp.toString()));
    assertTrue(err.toString().contains("azure"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("estimate", SINGLE, "--provider", "azure"));
    assertTrue(err.toString().contains("use one of aws, fake, gcp"), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("sweep", "--provider", "azure"));
    assertTrue(err.toString().contains("azure"), err.toString());
  }

  @Test
  void anUnknownLabIsAStateErrorForEveryLabCommand() {
    // Every command that takes a LAB (docs/cli.md, exit 4); the lab is looked up before a missing
    // terminal is (creds, ssh), so the error names what is really wrong.
    List<List<String>> commands = new ArrayList<>();
    for (String command :
        List.of(
            "status",
            "cost",
            "stop",
            "start",
            "down",
            "resume",
            "watch",
            "creds",
            "ssh",
            "connect",
            "checkpoint",
            "checkpoints",
            "rollback",
            "rehearse",
            "report")) {
      commands.add(List.of(command));
    }
    commands.add(List.of("save", "--as", "x"));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(List.of(command.get(0), "no-such-lab"));
      args.addAll(command.subList(1, command.size()));
      args.addAll(List.of("--state-dir", tmp.toString()));
      int code = run(args.toArray(String[]::new));
      assertEquals(ExitCode.STATE, code, args + ": " + err);
      assertTrue(err.toString().contains("no lab 'no-such-lab'"), args + ": " + err);
      assertFalse(err.toString().contains("\tat "), args + ": " + err);
      assertEquals("", out.toString(), args + ": nothing but the error");
    }
  }

  /**
   * Every command in 'nestlab --help' (from picocli's own model, so a new command is counted the
   * day it is added) is run by some CLI test: its name is the first argument of a CLI invocation —
   * the run/lab/on/direct helpers, CliRun.of, or an argument list or array — not merely mentioned
   * in a message.
   */
  @Test
  void everyCommandInHelpIsRunByATest() throws IOException {
    StringBuilder tests = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/test/java/io/nestlab/samples/cli"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        tests.append(Files.readString(f));
      }
    }
    List<String> untested = new ArrayList<>();
    for (String name : NestLabCli.commandLine().getSubcommands().keySet()) {
      Pattern invoked =
          Pattern.compile(
              "(?:\\b(?:run|lab|of|asList|direct)\\(|\\bon\\(\"[^\"]*\",|new String\\[\\] \\{)\\s*\""
                  + Pattern.quote(name)
                  + "\"\\s*[,)]");
      if (!invoked.matcher(tests).find()) {
        untested.add(name);
      }
    }
    assertEquals(List.of(), untested, "commands in 'nestlab --help' that no CLI test runs");
  }

  /** Every command of 'nestlab --help' (from picocli's model) answers -h and --help. */
  @Test
  void everyCommandPrintsItsUsageForDashHAndDashDashHelp() {
    List<String> failed = new ArrayList<>();
    for (String name : NestLabCli.commandLine().getSubcommands().keySet()) {
      for (String flag : List.of("--help", "-h")) {
        int code = run(name, flag);
        if (code != ExitCode.OK || !out.toString().contains("Usage: nestlab " + name)) {
          failed.add(name + " " + flag + " -> " + code + ": " + out + err);
        }
      }
    }
    assertEquals(List.of(), failed, "commands whose -h/--help does not print their usage");
  }

  @Test
  void helpCommandPrintsTheUsageOfACommand() {
    assertEquals(ExitCode.OK, run("help", "down"));
    assertTrue(out.toString().contains("Usage: nestlab down"), out.toString());
    assertTrue(out.toString().contains("--yes"), out.toString());
  }
}
