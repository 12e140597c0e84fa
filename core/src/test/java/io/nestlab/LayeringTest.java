package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies inside core point one way (docs/design/0001-layout.md): a package may use
 * only packages listed before it in {@link #LAYERS}. And a package's {@code internal} is its own:
 * only that package and its subpackages may import it ({@code io.nestlab.internal} is the one
 * shared by all).
 */
class LayeringTest {
  /** Lowest first. A package may import from its own layer and the layers before it. */
  static final List<String> LAYERS =
      List.of(
          "io.nestlab",
          "io.nestlab.internal",
          "io.nestlab.spec",
          "io.nestlab.catalog",
          "io.nestlab.cost",
          "io.nestlab.plan",
          "io.nestlab.bootstrap",
          "io.nestlab.spi",
          "io.nestlab.state",
          "io.nestlab.fake",
          "io.nestlab.access",
          "io.nestlab.engine",
          "io.nestlab.junit");

  private static final Pattern PACKAGE =
      Pattern.compile("^package (io\\.nestlab[\\w.]*);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?(io\\.nestlab(?:\\.[a-z]\\w*)*)\\.", Pattern.MULTILINE);

  @Test
  void packageDependenciesPointOneWay() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(Path.of("src", "main", "java"))) {
      for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
        files++;
        String src = Files.readString(p);
        Matcher pm = PACKAGE.matcher(src);
        if (!pm.find()) {
          continue;
        }
        int own = layerOf(pm.group(1));
        if (own < 0) {
          violations.add(p + ": package " + pm.group(1) + " has no layer; add it to LAYERS");
          continue;
        }
        Matcher im = IMPORT.matcher(src);
        while (im.find()) {
          String owner = internalOwner(im.group(1));
          if (owner != null && !(pm.group(1) + ".").startsWith(owner + ".")) {
            violations.add(
                p
                    + " ("
                    + pm.group(1)
                    + ") reaches into "
                    + im.group(1)
                    + ", internal to "
                    + owner);
          }
          int used = layerOf(im.group(1));
          if (used > own) {
            violations.add(
                p + " (" + LAYERS.get(own) + ") uses " + im.group(1) + ", a later layer");
          }
        }
      }
    }
    assertTrue(files > 0, "no sources found; run from the core module");
    assertEquals(List.of(), violations);
  }

  @Test
  void layerOfTakesTheLongestListedPrefix() {
    assertEquals(2, layerOf("io.nestlab.spec.internal"));
    assertEquals(0, layerOf("io.nestlab"));
    assertEquals(-1, layerOf("io.nestlab.unknown"));
  }

  @Test
  void anInternalPackageBelongsToItsParent() {
    assertEquals("io.nestlab.state", internalOwner("io.nestlab.state.internal.pg"));
    assertEquals("io.nestlab.fake", internalOwner("io.nestlab.fake.internal"));
    assertEquals(null, internalOwner("io.nestlab.internal.io"));
    assertEquals(null, internalOwner("io.nestlab.engine"));
  }

  /**
   * The package whose {@code internal} {@code pkg} is in, or null: not internal, or the shared
   * {@code io.nestlab.internal}.
   */
  static String internalOwner(String pkg) {
    int at = (pkg + ".").indexOf(".internal.");
    if (at < 0 || pkg.startsWith("io.nestlab.internal")) {
      return null;
    }
    return pkg.substring(0, at);
  }

  /** The layer of a package: its own or its nearest listed ancestor's; -1 when unlisted. */
  static int layerOf(String pkg) {
    int best = -1;
    int bestLength = -1;
    for (int i = 0; i < LAYERS.size(); i++) {
      String layer = LAYERS.get(i);
      boolean match = pkg.equals(layer) || (pkg.startsWith(layer + ".") && i > 0);
      if (match && layer.length() > bestLength) {
        best = i;
        bestLength = layer.length();
      }
    }
    return best;
  }
}
