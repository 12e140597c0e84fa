package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NestLabCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    assertEquals(0, run("--version"));
    assertEquals("nestlab " + NestLab.version(), out.toString().trim());
    assertTrue(NestLab.version().matches("\\d+\\.\\d+\\.\\d+.*"), NestLab.version());
  }

  @Test
  void helpListsUsage() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Usage: nestlab"), out.toString());
  }

  @Test
  void unknownCommandIsAnInputErrorWithoutStackTrace() {
    assertEquals(ExitCode.INVALID_INPUT, run("frobnicate"));
    assertTrue(err.toString().contains("frobnicate"), err.toString());
    assertTrue(!err.toString().contains("\tat "), err.toString());
  }

  @Test
  void onlyTheNamedCommandIsBuiltAndHelpStillListsEveryCommand() {
    assertEquals(
        java.util.Set.of("estimate"),
        NestLabCli.commandLine("--json", "estimate", "lab.yaml").getSubcommands().keySet());
    assertEquals(java.util.Set.of(), NestLabCli.commandLine("--version").getSubcommands().keySet());
    int all = NestLabCli.COMMANDS.size();
    assertEquals(all, NestLabCli.commandLine("-h", "estimate").getSubcommands().size());
    assertEquals(all, NestLabCli.commandLine("help", "estimate").getSubcommands().size());
    assertEquals(all, NestLabCli.commandLine("frobnicate").getSubcommands().size());
    assertEquals(all, NestLabCli.commandLine().getSubcommands().size());

    assertEquals(0, run("--help"));
    for (String name : NestLabCli.commandLine().getSubcommands().keySet()) {
      assertTrue(out.toString().contains("  " + name), name + " missing from:\n" + out);
    }
  }
}
