package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as packaged, whose lambdas the build rewrote as classes (LambdaDesugar,
 * docs/design/0200), prints exactly what the classes as compiled print, for good and bad lab files,
 * every offline command and their JSON; and a lab's whole life on the fake cloud runs through it.
 */
class DesugaredCliIT {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));
  private static final Path JAR = REPO.resolve("samples/target/nestlab-cli.jar");

  @TempDir Path home;

  @Test
  void offlineCommandsPrintWhatTheCompiledClassesPrint() throws Exception {
    List<Path> labs = new ArrayList<>();
    try (Stream<Path> s = Files.list(REPO.resolve("samples/labs"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(labs::add);
    }
    try (Stream<Path> s =
        Files.list(REPO.resolve("core/src/test/resources/io/nestlab/spec/malformed"))) {
      List<Path> bad = s.sorted().toList();
      for (int i = 0; i < bad.size(); i += 8) {
        labs.add(bad.get(i)); // a spread of the broken ones: keys, types, every kind of rule
      }
    }
    List<List<String>> commands = new ArrayList<>();
    for (Path lab : labs) {
      String f = lab.toString();
      commands.add(List.of("validate", f));
      commands.add(List.of("estimate", f));
      commands.add(List.of("estimate", "--json", "--spot", "--provider", "gcp", f));
      commands.add(List.of("plan", "--json", f));
    }
    commands.add(List.of("catalog"));
    commands.add(List.of("catalog", "--types", "--provider", "aws", "--eligible"));
    commands.add(List.of("providers"));
    commands.add(List.of("--help"));
    commands.add(List.of("estimate", "--region", "mars-1", labs.get(0).toString()));
    for (List<String> args : commands) {
      Run desugared = run(desugaredClassPath(), args);
      Run compiled = run(compiledClassPath(), args);
      assertEquals(compiled, desugared, "nestlab " + String.join(" ", args));
    }
  }

  @Test
  void aLabLivesAndDiesOnTheFakeCloudThroughTheRewrittenClasses() throws Exception {
    String lab = REPO.resolve("samples/labs/article-lab.yaml").toString();
    String cloud = home.resolve("cloud").toString();
    List<String> fast =
        List.of(
            "--provider-opt", "dir=" + cloud,
            "--provider-opt", "transition-ms=20",
            "--provider-opt", "boot-phase-ms=5",
            "--provider-opt", "rehearsal-minute-ms=1");
    List<String> up = new ArrayList<>(List.of("up", lab, "--provider", "fake", "--yes"));
    up.addAll(fast);
    Run created = run(desugaredClassPath(), up);
    assertEquals(0, created.exit(), created.output());
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("nestlab down (\\S+) --yes").matcher(created.output());
    assertTrue(id.find(), created.output());
    String name = id.group(1);
    for (List<String> args :
        List.of(
            List.of("list"),
            List.of("status", name),
            List.of("rehearse", name),
            List.of("report", name),
            List.of("cost", name),
            List.of("down", name, "--yes"))) {
      Run r = run(desugaredClassPath(), args);
      assertEquals(0, r.exit(), "nestlab " + args + ":\n" + r.output());
    }
    Run after = run(desugaredClassPath(), List.of("status", name));
    assertTrue(after.output().contains("destroyed"), after.output());
  }

  /** The packaged jar: its own classes and core's copy in lib/ rewritten. */
  private static String desugaredClassPath() {
    return JAR.toString();
  }

  /** The same, with the classes as compiled first. */
  private static String compiledClassPath() {
    return String.join(
        File.pathSeparator,
        REPO.resolve("core/target/classes").toString(),
        REPO.resolve("samples/target/classes").toString(),
        JAR.toString());
  }

  record Run(int exit, String output) {}

  private Run run(String classPath, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", classPath, "io.nestlab.samples.cli.NestLabCli"));
    command.addAll(args);
    Path log = Files.createTempFile(home, "out", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("NESTLAB_HOME", home.resolve("nestlab").toString());
    env.put("NESTLAB_OWNER", "it");
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(3, TimeUnit.MINUTES), "nestlab " + args + " did not finish");
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }
}
