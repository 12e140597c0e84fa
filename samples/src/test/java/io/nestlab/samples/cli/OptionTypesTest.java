package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The packaged CLI's picocli offers no converter for {@code java.time} and {@code java.sql} types
 * ({@link PicocliTypes}): every option and parameter of such a type must bring its own.
 */
class OptionTypesTest {
  @Test
  void everyTimeTypedArgumentHasItsOwnConverter() {
    List<String> checked = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    visit(NestLabCli.commandLine(), checked, missing);
    assertEquals(List.of(), missing, "give these a converter (see DurationConverter)");
    // The walk saw the duration options it is meant to guard.
    assertTrue(checked.stream().anyMatch(c -> c.endsWith("--keep-for")), checked.toString());
  }

  @Test
  void picocliIsNotOfferedTheTypesNorMadeToInitializeOthers() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> PicocliTypes.forName("java.time.Duration"));
    assertThrows(ClassNotFoundException.class, () -> PicocliTypes.forName("java.sql.Timestamp"));
    assertEquals(java.nio.file.Path.class, PicocliTypes.forName("java.nio.file.Path"));
  }

  private static void visit(CommandLine cl, List<String> checked, List<String> missing) {
    String command = cl.getCommandSpec().qualifiedName(" ").replaceFirst("^nestlab ?", "");
    List<ArgSpec> args = new ArrayList<>(cl.getCommandSpec().options());
    args.addAll(cl.getCommandSpec().positionalParameters());
    for (ArgSpec a : args) {
      List<Class<?>> types = new ArrayList<>(List.of(a.auxiliaryTypes()));
      types.add(a.type());
      boolean timeTyped =
          types.stream()
              .anyMatch(
                  t -> t.getName().startsWith("java.time.") || t.getName().startsWith("java.sql."));
      if (timeTyped) {
        String name = command + " " + a.paramLabel();
        if (a.isOption()) {
          name = command + " " + ((CommandLine.Model.OptionSpec) a).longestName();
        }
        checked.add(name);
        if (a.converters() == null || a.converters().length == 0) {
          missing.add(name);
        }
      }
    }
    for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
      visit(sub, checked, missing); // aliases name the same command once
    }
  }
}
