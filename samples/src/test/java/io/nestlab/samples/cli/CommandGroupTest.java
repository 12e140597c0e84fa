package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command that only groups subcommands, run alone, prints its usage listing them (exit 0). */
class CommandGroupTest {
  @Test
  void everyGroupOfTheTreeRunAloneListsItsSubcommands() {
    List<String> groups = new ArrayList<>();
    NestLabCli.commandLine()
        .getSubcommands()
        .forEach(
            (name, cl) -> {
              if (cl.getCommandSpec().userObject() instanceof CommandGroup) {
                groups.add(name);
              }
            });
    assertEquals(List.of("state", "fleet"), groups);
    for (String name : groups) {
      CliRun r = CliRun.of(name);
      assertEquals(ExitCode.OK, r.code, name + ": " + r.err);
      assertTrue(r.out.toString().contains("Usage: nestlab " + name), name + ": " + r.out);
      CommandLine group = NestLabCli.commandLine().getSubcommands().get(name);
      for (String sub : group.getSubcommands().keySet()) {
        assertTrue(r.out.toString().contains(sub), name + " lists " + sub + ": " + r.out);
      }
    }
  }
}
