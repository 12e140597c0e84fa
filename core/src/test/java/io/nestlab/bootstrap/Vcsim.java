package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A govmomi vSphere simulator of this package's tests: a {@code main.go} resource built against
 * Debian's govmomi source (golang-github-vmware-govmomi-dev), started as a process that prints its
 * URL as its first line and exits when its stdin closes. Shared by ConfigureScriptIT,
 * RehearsalHostIT and PowerHelperIT.
 */
final class Vcsim implements AutoCloseable {
  private static final Path GOPATH = Path.of("/usr/share/gocode");

  private final Process process;
  private final URI url;

  private Vcsim(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Builds the resource {@code mainGo} (relative to this package) into {@code work/binaryName},
   * once: the binary is kept while the source is unchanged.
   */
  static Path build(String mainGo, Path work, String binaryName) throws Exception {
    Path src = work.resolve("src");
    Files.createDirectories(src);
    try (InputStream in = Vcsim.class.getResourceAsStream(mainGo)) {
      Files.copy(in, src.resolve("main.go"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path binary = work.resolve(binaryName);
    String source = Files.readString(src.resolve("main.go"));
    Path stamp = work.resolve(binaryName + ".source");
    if (Files.isExecutable(binary)
        && Files.exists(stamp)
        && Files.readString(stamp).equals(source)) {
      return binary;
    }
    Tools.Run r =
        Tools.run(
            List.of("go", "build", "-o", binary.toString(), "."),
            Map.of(
                "GO111MODULE",
                "off",
                "GOPATH",
                GOPATH.toString(),
                "GOCACHE",
                Tools.target().resolve("vcsim-it/gocache").toString(),
                "GOFLAGS",
                ""),
            src,
            540);
    assertEquals(0, r.exit(), "go build of the simulator failed: " + r.output());
    Files.writeString(stamp, source);
    return binary;
  }

  /** Starts {@code binary} with {@code args} and waits (60 s at most) for its URL. */
  static Vcsim start(Path binary, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
    if (first == null || !first.startsWith("https://")) {
      process.destroyForcibly();
    }
    assertTrue(first != null && first.startsWith("https://"), "simulator said: " + first);
    return new Vcsim(process, URI.create(first));
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  URI url() {
    return url;
  }

  /** Closes its stdin, on which it exits; kills it when it has not within 10 s. */
  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
