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
    assertTrue(Files.exists(state.resolve("data/.nestlab/markers/media.done")));
    assertFalse(Files.exists(state.resolve("data/.nestlab/markers/vcenter-deploy.done")));
    for (String line : consoleText().split("\n")) {
      if (line.startsWith("NESTLAB")) {
        ProgressLine.parse(line); // every protocol line the shell wrote parses
      }
    }
  }

  @Test
  void passwordsAreStrongRootOnlyAndNeverInTheUserData() throws Exception {
    Tools.requireHostPython(false);
    install("aws");
    Path secrets = dir.resolve("etc/nestlab/secrets.env");
    Tools.Run r =
        Tools.run(
            List.of(
                Tools.HOST_PYTHON,
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
                Tools.HOST_PYTHON,
                home.resolve("bin/nestlab-secrets.py").toString(),
                secrets.toString(),
                "vsphere.local"),
            Map.of(),
            dir,
            30);
    assertEquals(0, again.exit());
    assertEquals(text, Files.readString(secrets));
  }

  @Test
  void phasesRunAgainWhenTheDataDiskTheyFilledWasWiped() throws Exception {
    install("aws");
    String steps =
        ". \"$NESTLAB_HOME/bin/nestlab-lib.sh\"; step secrets \"\" true; step media \"\" true;"
            + " step esxi-install esx-01 true; step vcenter-configure \"\" true;";
    Tools.Run first = bash(steps, true);
    assertEquals(0, first.exit(), first.output());
    // A stop/start of an instance with local NVMe: the data disk comes back empty.
    try (var data = Files.walk(state.resolve("data"))) {
      data.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    Files.delete(console);
    Tools.Run again = bash(steps, true);
    assertEquals(0, again.exit(), again.output());
    String out = consoleText();
    assertTrue(out.contains("nestlab: secrets: done before, skipped"), out);
    for (String phase :
        List.of("phase=media status=done", "phase=esxi-install host=esx-01 status=done")) {
      assertTrue(out.contains(phase), "ran again after the wipe: " + out);
    }
    assertTrue(out.contains("phase=vcenter-configure status=done"), out);
    assertFalse(out.contains("media: done before"), out);
  }

  @Test
  void aMalformedLeaseTagIsReportedAsMalformedWithTheFormat() throws Exception {
    install("aws");
    lease = "tomorrow-ish";
    Tools.Run r = leaseCheck(true);
    assertEquals(0, r.exit(), r.output());
    assertTrue(
        r.output().contains("nestlab-lease-until is malformed ('tomorrow-ish')"), r.output());
    assertTrue(r.output().contains("the format is yyyymmddThhmmssZ in UTC"), r.output());
    assertFalse(r.output().contains("did not answer"), r.output());
    // A lease end that looks right but is no date is malformed too.
    lease = "20261399t999999z";
    Tools.Run bad = leaseCheck(true);
    assertTrue(bad.output().contains("is malformed ('20261399t999999z')"), bad.output());
    // The metadata service down is still said so.
    Tools.Run down = leaseCheck(false);
    assertTrue(down.output().contains("metadata did not answer"), down.output());
  }

  /** Stubs of the commands a script calls: each logs its arguments to calls.log. */
  private Path stubs(Map<String, String> bodies) throws Exception {
    Path bin = dir.resolve("stub-bin");
    Files.createDirectories(bin);
    for (var e : bodies.entrySet()) {
      Path f = bin.resolve(e.getKey());
      Files.writeString(
          f,
          "#!/bin/bash\necho \""
              + e.getKey()
              + " $*\" >>\""
              + dir.resolve("calls.log")
              + "\"\n"
              + e.getValue()
              + "\n");
      f.toFile().setExecutable(true);
    }
    return bin;
  }

  private String calls() throws Exception {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private Tools.Run firstBoot(boolean vmkfstoolsWorks) throws Exception {
    RenderedBootstrap b = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
    String ks = b.file("opt/nestlab/esxi/esx-01/KS.CFG").orElseThrow();
    String firstboot = ks.substring(ks.indexOf('\n', ks.indexOf("%firstboot")) + 1);
    Path script = dir.resolve("firstboot.sh");
    Files.writeString(script, firstboot.replace("/etc/vmware/config", dir + "/vmware-config"));
    Path made = dir.resolve("datastore-made");
    Path bin =
        stubs(
            Map.of(
                "esxcli",
                "if [ \"$1 $2 $3\" = 'storage filesystem list' ] && [ -e '"
                    + made
                    + "' ]; then echo '/vmfs/volumes/x  ds-esx-01  x  true  VMFS-6  1  1'; fi",
                "vim-cmd",
                "true",
                "ls",
                "echo t10.ATA_QEMU_HARDDISK_QM00001; echo t10.ATA_QEMU_HARDDISK_QM00002",
                "partedUtil",
                "case $1 in getptbl) echo gpt; echo '0 0 0 0';; getUsableSectors) echo '34 9999';;"
                    + " esac",
                "vmkfstools",
                vmkfstoolsWorks ? "touch '" + made + "'" : "exit 1"));
    return Tools.run(
        List.of("bash", script.toString()),
        Map.of("PATH", bin + ":" + System.getenv("PATH")),
        dir,
        60);
  }

  @Test
  void esxiTurnsSshOnOnlyAfterItsDatastoreExists() throws Exception {
    Tools.Run r = firstBoot(true);
    assertEquals(0, r.exit(), r.output());
    String calls = calls();
    int datastore = calls.indexOf("vmkfstools -C vmfs6 -S ds-esx-01");
    int ssh = calls.indexOf("vim-cmd hostsvc/enable_ssh");
    assertTrue(datastore >= 0 && ssh > datastore, "datastore first, then SSH: " + calls);
  }

  @Test
  void esxiKeepsSshOffWhenItsDatastoreWasNotCreated() throws Exception {
    Tools.Run r = firstBoot(false);
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("datastore ds-esx-01 was not created; SSH stays off"), r.output());
    assertFalse(calls().contains("hostsvc/enable_ssh"), calls());
  }

  @Test
  void aMissingSecretsFileIsNamedByTheShellScriptsThatNeedIt() throws Exception {
    install("aws");
    Tools.Run r = bash("\"$NESTLAB_HOME/bin/nestlab-esxi.sh\" remaster esx-01", true);
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("the secrets file " + dir.resolve("secrets.env") + " is missing"),
        r.output());
    assertTrue(r.output().contains("the secrets phase makes it"), r.output());
  }
}
