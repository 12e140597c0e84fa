package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The package phase leaves a class-data archive beside the CLI jar that this JDK maps: {@code
 * -Xshare:on} makes the JVM refuse to start when the archive cannot be used, so a stale, missing or
 * foreign archive fails here rather than silently costing every command its start-up time.
 */
class ClassDataArchiveIT {
  private static final Path TARGET =
      Path.of(System.getProperty("nestlab.repo.dir", "..")).resolve("samples/target");
  private static final Path ARCHIVE = TARGET.resolve("nestlab-cli.jsa");

  /** The smaller archive bin/nestlab maps for the offline commands (docs/design/0208). */
  private static final Path OFFLINE = TARGET.resolve("nestlab-offline.jsa");

  /**
   * {@code estimate} loads every class from the archive (picocli's Java 5 classes too: the archive
   * is static, docs/design/0150) and never starts Guice (docs/design/0151).
   */
  @Test
  void anOfflineCommandTakesEveryClassFromTheArchiveAndNoneFromGuice() throws Exception {
    Path classes = Files.createTempFile("nestlab-classes", ".log");
    try {
      run(
          List.of("-Xlog:class+load:file=" + classes),
          "estimate",
          TARGET.resolve("../labs/article-lab.yaml").toString());
      List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
      assertTrue(
          loaded.stream()
              .anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file")),
          "picocli is not in the archive");
      List<String> fromJars = loaded.stream().filter(l -> l.contains("source: file:")).toList();
      assertEquals(List.of(), fromJars, "classes read from jars, not from the archive");
      List<String> guice = loaded.stream().filter(l -> l.contains("com.google.inject")).toList();
      assertEquals(List.of(), guice, "an offline command started Guice");
    } finally {
      Files.deleteIfExists(classes);
    }
  }

  /**
   * No offline command makes a {@code System.Logger}: the JDK's first one looks for a {@code
   * LoggerFinder} service in every jar of the class path, which opened all 121 of the CLI's jars on
   * every {@code estimate} (docs/design/0161).
   */
  @Test
  void noOfflineCommandLooksForALoggerFinder() throws Exception {
    String lab = TARGET.resolve("../labs/article-lab.yaml").toString();
    String[][] commands = {
      {"--version"}, {"validate", lab}, {"estimate", lab}, {"plan", lab}, {"catalog"}
    };
    for (String[] args : commands) {
      Path classes = Files.createTempFile("nestlab-classes", ".log");
      try {
        run(List.of("-Xlog:class+load:file=" + classes), args);
        List<String> finder =
            Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(" jdk.internal.logger.LoggerFinderLoader "))
                .toList();
        assertEquals(
            List.of(),
            finder,
            "nestlab " + String.join(" ", args) + " made a System.Logger at start-up");
      } finally {
        Files.deleteIfExists(classes);
      }
    }
  }

  /**
   * {@code --version} reads its version from core's jar itself, not through the class loader, whose
   * lookup asks the JDK's modules (the jimage reader) and then opens every jar before core's
   * (docs/design/0161).
   */
  @Test
  void versionLooksUpNoResourceThroughTheClassLoader() throws Exception {
    Path classes = Files.createTempFile("nestlab-classes", ".log");
    try {
      String text = run(List.of("-Xlog:class+load:file=" + classes), "--version");
      assertTrue(text.matches("nestlab \\d+\\.\\d+\\.\\d+.*\\s*"), text);
      List<String> lookups =
          Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
              .filter(
                  l ->
                      l.contains(" jdk.internal.loader.URLClassPath$JarLoader ")
                          || l.contains(" jdk.internal.jimage.ImageReader "))
              .toList();
      assertEquals(List.of(), lookups, "--version looked a resource up through the class loader");
    } finally {
      Files.deleteIfExists(classes);
    }
  }

  /**
   * {@code estimate} neither compares nor hashes plan options: each record's first {@code
   * equals}/{@code hashCode} is linked through {@code ObjectMethods} and spins method-handle
   * classes at run time, ~30 for an option and the records in it (docs/design/0161). The JDK's
   * linkage trace names every such call site.
   */
  @Test
  void estimateLinksNoRecordMethodsOfAPlan() throws Exception {
    String text =
        run(
            List.of("-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true"),
            "estimate",
            TARGET.resolve("../labs/article-lab.yaml").toString());
    assertTrue(text.contains("linkCallSite"), "the linkage trace is missing:\n" + text);
    List<String> records =
        text.lines()
            .filter(
                l -> l.startsWith("linkCallSite io.nestlab.plan.") && l.contains("ObjectMethods"))
            .toList();
    assertEquals(List.of(), records, "estimate compared or hashed plan records");
  }

  @Test
  void theJdkThatBuiltTheCliMapsBothArchives() throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " was not made by the package phase");
    assertTrue(Files.isRegularFile(OFFLINE), OFFLINE + " was not made by the package phase");
    String text = run(List.of(), "--version");
    assertTrue(text.startsWith("nestlab "), text);
    Path state = Files.createTempDirectory("nestlab-cds-state");
    try {
      text = run(ARCHIVE, List.of(), "list", "--state-dir", state.toString());
      assertTrue(text.startsWith("no labs in "), text);
    } finally {
      Files.deleteIfExists(state);
    }
  }

  /**
   * The offline archive leaves out what only the lab commands load (Guice's assembly): the JVM
   * relocates all of the archive it maps, so every class in it costs each start a little.
   */
  @Test
  void theOfflineArchiveHoldsNoGuiceAndTheWholeOneDoes() throws Exception {
    List<String> offline = Files.readAllLines(TARGET.resolve("nestlab-offline.classlist"));
    List<String> whole = Files.readAllLines(TARGET.resolve("nestlab-cli.classlist"));
    assertTrue(offline.stream().anyMatch(l -> l.startsWith("picocli/CommandLine")), "no picocli");
    assertEquals(
        List.of(),
        offline.stream().filter(l -> l.startsWith("com/google/inject/")).toList(),
        "Guice classes in the offline archive");
    assertTrue(whole.stream().anyMatch(l -> l.startsWith("com/google/inject/")), "no Guice");
    assertTrue(Files.size(OFFLINE) < Files.size(ARCHIVE), "the offline archive is not smaller");
  }

  /**
   * Runs the CLI jar as bin/nestlab does (its class path and main class), with its JVM options and
   * the archive required ({@code -Xshare:on}); its output, exit 0 asserted.
   */
  private static String run(List<String> jvmOptions, String... args) throws Exception {
    return run(OFFLINE, jvmOptions, args);
  }

  private static String run(Path archive, List<String> jvmOptions, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=5",
            "-Xshare:on",
            "-XX:SharedArchiveFile=" + archive));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            TARGET.resolve("nestlab-cli.jar").toString(),
            "io.nestlab.samples.cli.NestLabCli"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("nestlab-cds", ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "java did not finish");
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), text);
      return text;
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
