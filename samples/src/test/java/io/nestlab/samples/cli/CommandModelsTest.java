package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The picocli models built in code (the root and the offline commands, docs/design/0160) next to
 * the annotated ones: every command, at every depth, takes the same standard and inherited options
 * once, and an offline command's model is made without its subcommands' when it does not need them.
 */
class CommandModelsTest {
  private static final List<String> EVERY_COMMAND_TAKES =
      List.of("--help", "--json", "--verbose", "--version");

  @Test
  void everyCommandAtEveryDepthTakesHelpVersionJsonAndVerboseOnce() {
    List<String> checked = new ArrayList<>();
    check(NestLabCli.commandLine(), checked);
    assertTrue(checked.contains("nestlab estimate"), checked.toString());
    assertTrue(checked.contains("nestlab catalog refresh"), checked.toString());
    assertTrue(checked.contains("nestlab state export"), checked.toString());
  }

  private static void check(CommandLine cl, List<String> checked) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    checked.add(spec.qualifiedName());
    for (String name : EVERY_COMMAND_TAKES) {
      long count = spec.options().stream().filter(o -> List.of(o.names()).contains(name)).count();
      assertEquals(1, count, spec.qualifiedName() + " " + name);
    }
    assertTrue(spec.optionsMap().containsKey("-h"), spec.qualifiedName());
    assertTrue(spec.optionsMap().containsKey("-V"), spec.qualifiedName());
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        check(sub.getValue(), checked);
      }
    }
  }

  @Test
  void aSubcommandPrintsTheVersionOfTheRoot() {
    StringWriter out = new StringWriter();
    CommandLine cl = NestLabCli.commandLine("estimate", "-V");
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute("estimate", "-V"));
    assertEquals("nestlab " + NestLab.version(), out.toString().trim());
  }

  @Test
  void catalogBuildsRefreshOnlyWhenTheWordsNeedIt() {
    assertEquals(
        Map.of(), catalog("catalog", "--provider", "aws", "--types", "--json").getSubcommands());
    assertEquals(Map.of(), catalog("--json", "catalog", "--region=us-east-1").getSubcommands());
    for (String[] args :
        List.of(
            new String[] {"catalog", "refresh", "--provider", "aws"},
            new String[] {"catalog", "--help"},
            new String[] {"catalog", "refesh"})) {
      assertTrue(catalog(args).getSubcommands().containsKey("refresh"), String.join(" ", args));
    }
    StringWriter err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine("catalog", "refesh");
    cl.setErr(new PrintWriter(err, true));
    assertEquals(ExitCode.INVALID_INPUT, cl.execute("catalog", "refesh"));
    assertTrue(err.toString().contains("refresh"), err.toString());
  }

  private static CommandLine catalog(String... args) {
    return NestLabCli.commandLine(args).getSubcommands().get("catalog");
  }

  @Test
  void theCommandsBuiltInCodeCarryNoPicocliAnnotationsThatCouldDrift() {
    for (Class<?> c :
        List.of(
            NestLabCli.class,
            ValidateCommand.class,
            EstimateCommand.class,
            PlanCommand.class,
            CatalogCommand.class)) {
      assertFalse(c.isAnnotationPresent(CommandLine.Command.class), c.getSimpleName());
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        assertEquals(0, f.getAnnotations().length, c.getSimpleName() + "." + f.getName());
      }
    }
  }
}
