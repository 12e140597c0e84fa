package io.nestlab.samples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.samples.cli.LazyNegatables;
import io.nestlab.samples.cli.PicocliTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The picocli start-up patch (docs/design/0200) replaces exactly the calls it names, and what it
 * puts in their place answers as picocli's own code does.
 */
class PicocliStartupPatchTest {
  private static byte[] picocliClass(String internalName) throws IOException {
    try (InputStream in =
        CommandLine.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void replacesTheModelsTransformerAndTheConvertersClassLoading() throws IOException {
    int[] spec = {0};
    byte[] patched = PicocliStartupPatch.patch(picocliClass(PicocliStartupPatch.SPEC), spec);
    assertEquals(1, spec[0], "one default transformer, in the command model's constructor");
    int[] again = {0};
    assertSame(patched, PicocliStartupPatch.patch(patched, again), "a patched class is left");
    assertEquals(0, again[0]);

    int[] interpreter = {0};
    PicocliStartupPatch.patch(picocliClass(PicocliStartupPatch.INTERPRETER), interpreter);
    assertTrue(interpreter[0] >= 20, "converter types loaded: " + interpreter[0]);
  }

  @Test
  void theLazyTransformerAnswersAsPicocliDefaultOne() {
    CommandLine.INegatableOptionTransformer lazy = LazyNegatables.createDefault();
    CommandLine.RegexTransformer picocli = CommandLine.RegexTransformer.createDefault();
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();
    for (String name : List.of("--verbose", "--no-verbose", "-v", "--dry-run", "--x")) {
      assertEquals(picocli.makeNegative(name, spec), lazy.makeNegative(name, spec), name);
      assertEquals(picocli.makeSynopsis(name, spec), lazy.makeSynopsis(name, spec), name);
    }
    // The same patterns and replacements; only the identity in picocli's toString differs.
    assertEquals(
        picocli.toString().replaceAll("@\\w+$", ""), lazy.toString().replaceAll("@\\w+$", ""));
  }

  @Test
  void converterTypesAreLoadedNotInitialized() throws Exception {
    Class<?> c = PicocliTypes.forName("io.nestlab.samples.build.PicocliStartupPatchTest$NotYet");
    assertEquals("NotYet", c.getSimpleName());
    assertEquals(0, Seen.initializations, "forName ran the class's initialization");
    new NotYet();
    assertEquals(1, Seen.initializations, "the class is initialized when first used");
  }

  static final class Seen {
    static int initializations;
  }

  static final class NotYet {
    static {
      Seen.initializations++;
    }
  }
}
