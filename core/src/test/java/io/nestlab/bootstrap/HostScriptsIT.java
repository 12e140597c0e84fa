package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.nestlab.testing.Peer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the host's own scripts with bash and python3 in a temporary directory: the lease watchdog
 * against a loopback stand-in for the instance metadata services, the password generator, and the
 * progress lines the Java parser reads.
 */
class HostScriptsIT {
  private static final DateTimeFormatter TAG =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @TempDir Path dir;
  private HttpServer metadata;
  private volatile String lease;

  private Path home;
  private Path state;
  private Path console;

  @BeforeEach
  void start() throws Exception {
    Tools.require(Peer.CURL);
    metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    metadata.createContext(
        "/latest/api/token",
        x -> {
          byte[] body = "token-1".getBytes(StandardCharsets.UTF_8);
          int code = "PUT".equals(x.getRequestMethod()) ? 200 : 405;
          x.sendResponseHeaders(code, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    metadata.createContext(
        "/latest/meta-data/tags/instance/nestlab-lease-until",
        x ->
            reply(x, "token-1".equals(x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))));
    metadata.createContext(
        "/computeMetadata/v1/instance/attributes/nestlab-lease-until",
        x -> reply(x, "Google".equals(x.getRequestHeaders().getFirst("Metadata-Flavor"))));
    metadata.start();
  }

  private void reply(com.sun.net.httpserver.HttpExchange x, boolean allowed)
      throws java.io.IOException {
    String value = lease;
    int code = !allowed ? 401 : value == null ? 404 : 200;
    byte[] body = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
    x.close();
  }

  @AfterEach
  void stop() {
    if (metadata != null) {
      metadata.stop(0);
    }
  }

  private void install(String provider) throws Exception {
    RenderedBootstrap b =
        BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of(provider));
    home = dir.resolve("opt/nestlab");
    state = dir.resolve("state");
    console = dir.resolve("console.log");
    for (var e : b.files().entrySet()) {
      if (e.getKey().startsWith("opt/nestlab/")) {
        Path f = dir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
        if (b.mode(e.getKey()).equals("0755")) {
          f.toFile().setExecutable(true);
        }
      }
    }
  }

  private Tools.Run bash(String script, boolean metadataUp) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("NESTLAB_HOME", home.toString());
    env.put("NESTLAB_STATE", state.toString());
    env.put("NESTLAB_CONSOLE", console.toString());
    env.put("NESTLAB_SECRETS", dir.resolve("secrets.env").toString());
    env.put("NESTLAB_NO_POWEROFF", "1");
    String url =
        metadataUp ? "http://127.0.0.1:" + metadata.getAddress().getPort() : "http://127.0.0.1:9";
    env.put("AWS_METADATA_URL", url);
    env.put("GCE_METADATA_URL", url);
    return Tools.run(List.of("bash", "-c", script), env, dir, 60);
  }

  private String consoleText() throws Exception {
    return Files.exists(console) ? Files.readString(console) : "";
  }

  private Tools.Run leaseCheck(boolean metadataUp) throws Exception {
    return bash("\"$NESTLAB_HOME/bin/nestlab-lease-check.sh\"", metadataUp);
  }

  @Test
  void anEndedLeaseOnAwsPowersTheHostOff() throws Exception {
    install("aws");
    lease = TAG.format(Instant.now().minus(Duration.ofMinutes(5))).toLowerCase(Locale.ROOT);
    Tools.Run r = leaseCheck(true);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("powering off"), r.output());
    ProgressTracker t = ProgressTracker.create();
    t.accept(consoleText());
    assertEquals(
        ProgressStatus.DONE, t.status(BootstrapStep.of("lease-expired")).orElseThrow(), r.output());
  }

  @Test
  void aLeaseInTheFutureKeepsTheHostRunningAndIsRemembered() throws Exception {
    install("gcp");
    Instant until =
        Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    lease = TAG.format(until).toLowerCase(Locale.ROOT);
    Tools.Run r = leaseCheck(true);
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("powering off"), r.output());
    assertEquals(
        String.valueOf(until.getEpochSecond()),
        Files.readString(state.resolve("lease-until")).trim());
    // The metadata service goes away: the remembered lease still holds.
    Tools.Run down = leaseCheck(false);
    assertTrue(down.output().contains("using the last lease read"), down.output());
    assertFalse(down.output().contains("powering off"), down.output());
  }

  @Test
  void withoutAnyLeaseFirstBootPlusTtlDecides() throws Exception {
    install("aws");
    Files.createDirectories(state);
    long nineHoursAgo = Instant.now().minus(Duration.ofHours(9)).getEpochSecond();
    Files.writeString(state.resolve("first-boot"), nineHoursAgo + "\n");
    Tools.Run r = leaseCheck(false);
    assertTrue(r.output().contains("first boot + 28800s"), r.output());
    assertTrue(r.output().contains("powering off"), "the 8 h TTL has passed: " + r.output());
  }

  @Test
  void stepsReportInTheProtocolAndRunOnce() throws Exception {
    install("aws");
    String script =
        ". \"$NESTLAB_HOME/bin/nestlab-lib.sh\"; step media \"\" true; step esxi-install esx-01 true;"
            + " step media \"\" false; step vcenter-deploy \"\" sh -c 'exit 3' || echo rc=$?";
    Tools.Run r = bash(script, true);
    assertTrue(r.output().contains("rc=3"), r.output());
    ProgressTracker t = ProgressTracker.create();
    List<ProgressLine> lines = t.accept(consoleText());
    assertEquals(6, lines.size(), consoleText());
    assertEquals("esx-01", lines.get(3).host());
    assertTrue(consoleText().contains("nestlab: media: done before, skipped"), consoleText());
    ProgressLine failed = t.failure().orElseThrow();
    assertEquals("vcenter-deploy", failed.phase());
    assertEquals("exit-3", failed.reason());
    assertTrue(Files.exists(state.resolve("markers/media.done")));
    assertFalse(Files.exists(state.resolve("markers/vcenter-deploy.done")));
    for (String line : consoleText().split("\n")) {
      if (line.startsWith("NESTLAB")) {
        ProgressLine.parse(line); // every protocol line the shell wrote parses
      }
    }
  }

  @Test
  void passwordsAreStrongRootOnlyAndNeverInTheUserData() throws Exception {
    Tools.require(Peer.PYTHON3);
    install("aws");
    Path secrets = dir.resolve("etc/nestlab/secrets.env");
    Tools.Run r =
        Tools.run(
            List.of(
                "python3",
                home.resolve("bin/nestlab-secrets.py").toString(),
                secrets.toString(),
                "vsphere.local"),
            Map.of(),
            dir,
            30);
    assertEquals(0, r.exit(), r.output());
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(secrets));
    String text = Files.readString(secrets);
    Matcher m = Pattern.compile("(?m)^(\\w+_PASSWORD)=(.*)$").matcher(text);
    RenderedBootstrap b = BootstrapRenderer.render(Labs.article(), RenderOptions.of("aws"));
    String plain = b.userData();
    String aws = BootstrapRendererTest.gunzipOrText(b.userDataFor("aws").bytes());
    int count = 0;
    while (m.find()) {
      count++;
      String pw = m.group(2);
      assertEquals(16, pw.length(), m.group(1));
      assertTrue(pw.matches(".*[A-Z].*") && pw.matches(".*[a-z].*"), m.group(1));
      assertTrue(pw.matches(".*[0-9].*") && pw.matches(".*[-_.!].*"), m.group(1));
      assertTrue(pw.matches("[A-Za-z0-9][A-Za-z0-9._!-]+"), m.group(1));
      assertFalse(plain.contains(pw), "a password in the user data");
      assertFalse(aws.contains(pw), "a password in the packed user data");
      assertFalse(r.output().contains(pw), "a password printed");
    }
    assertEquals(3, count, text.replaceAll("=.*", "=..."));
    assertTrue(text.contains("SSO_USER=administrator@vsphere.local"));
    // A second run keeps the passwords.
    Tools.Run again =
        Tools.run(
            List.of(
                "python3",
                home.resolve("bin/nestlab-secrets.py").toString(),
                secrets.toString(),
                "vsphere.local"),
            Map.of(),
            dir,
            30);
    assertEquals(0, again.exit());
    assertEquals(text, Files.readString(secrets));
  }
}
