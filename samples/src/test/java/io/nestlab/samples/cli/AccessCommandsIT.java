package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.access.EchoServer;
import io.nestlab.access.OpenSshServer;
import io.nestlab.access.SshKeyPair;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nestlab ssh}, {@code creds} and {@code connect} against a real OpenSSH server. */
class AccessCommandsIT {
  @TempDir static Path dir;

  static OpenSshServer sshd;
  static EchoServer echo;
  static Path key;
  static Path console;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws IOException {
    SshKeyPair lab = SshKeyPair.generate("nestlab-cli-it");
    key = dir.resolve("id_ed25519");
    lab.writePrivateKey(key);
    sshd = OpenSshServer.start(Files.createDirectories(dir.resolve("sshd")), lab.publicKeyLine());
    console = dir.resolve("console.txt");
    Files.writeString(console, "booting\n" + sshd.consoleText("ec2: ") + "login:\n");
    echo = new EchoServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (echo != null) {
      echo.close();
    }
    if (sshd != null) {
      sshd.close();
      assertFalse(sshd.isAlive());
    }
  }

  private int run(String... args) {
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private List<String> direct(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "it-lab",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(sshd.port()),
                "--user",
                System.getProperty("user.name"),
                "--identity",
                key.toString(),
                "--host-keys",
                console.toString()));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void sshRunsACommandAndExitsWithItsStatus() {
    int code =
        run(
            direct("ssh", "--", "echo", "hello", "lab;", "echo", "warn", ">&2;", "exit", "7")
                .toArray(String[]::new));
    assertEquals(7, code, err.toString());
    assertEquals("hello lab\n", out.toString());
    assertEquals("warn\n", err.toString());
  }

  @Test
  void sshRefusesAHostWhoseKeyIsNotTheConsoles() throws IOException {
    Path other = dir.resolve("other");
    OpenSshServer.keygen(other, "ed25519");
    Path wrongConsole = dir.resolve("wrong-console.txt");
    Files.writeString(
        wrongConsole,
        "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
            + OpenSshServer.run("ssh-keygen", "-l", "-f", other + ".pub")
            + "-----END SSH HOST KEY FINGERPRINTS-----\n");
    List<String> args = direct("ssh", "--", "touch", sshd.dir().resolve("pwned").toString());
    args.set(args.indexOf(console.toString()), wrongConsole.toString());

    int code = run(args.toArray(String[]::new));

    assertEquals(ExitCode.PROVIDER, code);
    assertTrue(
        err.toString().startsWith("nestlab: refusing to connect to 127.0.0.1:"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertFalse(Files.exists(sshd.dir().resolve("pwned")), "no command ran on the host");
  }

  @Test
  void credsGoOnlyToATerminalUnlessForced() throws IOException {
    Path remote = sshd.dir().resolve("secrets.env");
    Files.writeString(remote, "SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Xy7!q\n");

    int refused = run(direct("creds", "--remote-file", remote.toString()).toArray(String[]::new));
    assertEquals(ExitCode.INVALID_INPUT, refused);
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("add --force"), err.toString());

    int forced =
        run(direct("creds", "--remote-file", remote.toString(), "--force").toArray(String[]::new));
    assertEquals(ExitCode.OK, forced, err.toString());
    assertEquals("SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Xy7!q\n", out.toString());
  }

  @Test
  void connectForwardsAPortUntilItsTimeIsUp() throws Exception {
    CompletableFuture<Integer> code =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    direct(
                            "connect",
                            "--socks",
                            "0",
                            "--forward",
                            "0:127.0.0.1:" + echo.port(),
                            "--for",
                            "4s")
                        .toArray(String[]::new)));
    int port = awaitForwardPort();

    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      byte[] sent = "bytes through the lab tunnel".getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(sent);
      byte[] got = new byte[sent.length];
      new DataInputStream(s.getInputStream()).readFully(got);
      assertArrayEquals(sent, got);
    }

    assertEquals(ExitCode.OK, code.get(30, TimeUnit.SECONDS), err.toString());
    assertTrue(out.toString().contains("SOCKS5 proxy:  127.0.0.1:"), out.toString());
    assertTrue(out.toString().contains("matches its console"), out.toString());
    assertTrue(out.toString().endsWith("Tunnel closed.\n"), out.toString());
  }

  @Test
  void aBadForwardIsAnInputErrorBeforeAnyConnection() {
    int code = run(direct("connect", "--forward", "8443:vcenter").toArray(String[]::new));
    assertEquals(ExitCode.INVALID_INPUT, code);
    assertTrue(
        err.toString().contains("--forward: port forward '8443:vcenter' is not LOCAL:HOST:PORT"),
        err.toString());
  }

  @Test
  void upAgainstTheFakeWithSshEndsWithCredentialsThenSshConnectAndCredsUseTheLab()
      throws Exception {
    Path creds = sshd.dir().resolve("lab-secrets.env");
    Files.writeString(creds, "SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Up7!lab\n");
    Path state = dir.resolve("state");
    String[] fake = {
      "--state-dir", state.toString(),
      "--provider", "fake",
      "--provider-opt", "dir=" + dir.resolve("cloud"),
      "--provider-opt", "transition-ms=50",
      "--provider-opt", "boot-phase-ms=20",
      "--provider-opt", "ssh-port=" + sshd.port(),
      "--provider-opt", "ssh-user=" + System.getProperty("user.name"),
      "--provider-opt", "console-file=" + console,
      "--provider-opt", "credentials-file=" + creds,
      "--provider-opt", "authorized-keys=" + sshd.dir().resolve("authorized_keys")
    };
    Path labFile = dir.resolve("ssh-lab.yaml");
    Files.writeString(
        labFile,
        String.join(
            "\n",
            "apiVersion: nestlab/v1",
            "name: ssh-lab",
            "esxi: {version: \"8.0U3\", count: 1, cpus: 4, memoryGib: 24, bootDiskGib: 32,"
                + " datastoreDiskGib: 120}",
            "vcenter: {version: \"8.0U3\", size: tiny}",
            "media:",
            "  esxiIso: {url: \"https://media.example/esxi.iso\", sha256: \""
                + "a".repeat(64)
                + "\"}",
            "  vcsaIso: {url: \"https://media.example/vcsa.iso\", sha256: \""
                + "b".repeat(64)
                + "\"}",
            ""));
    List<String> up = new ArrayList<>(List.of("up", labFile.toString(), "--yes"));
    up.addAll(List.of(fake));
    assertEquals(ExitCode.OK, run(up.toArray(String[]::new)), out + "\n" + err);
    assertTrue(out.toString().contains("host key SHA256:"), out.toString());
    assertTrue(out.toString().contains("credentials stored"), out.toString());
    Matcher m = Pattern.compile("lab (\\S+) is ").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    String lab = m.group(1);
    String[] stateDir = {"--state-dir", state.toString()};

    reset();
    assertEquals(
        0,
        run(
            concat(
                new String[] {"ssh", lab},
                stateDir,
                new String[] {"--", "echo", "in", "the", "lab"})),
        err.toString());
    assertEquals("in the lab\n", out.toString());

    reset();
    assertEquals(
        ExitCode.OK, run(concat(new String[] {"creds", lab, "--force"}, stateDir)), err.toString());
    assertEquals("SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Up7!lab\n", out.toString());

    reset();
    CompletableFuture<Integer> code =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    concat(
                        new String[] {"connect", lab},
                        stateDir,
                        new String[] {
                          "--socks", "0", "--forward", "0:127.0.0.1:" + echo.port(), "--for", "3s"
                        })));
    int port = awaitForwardPort();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(7);
      assertEquals(7, s.getInputStream().read());
    }
    assertEquals(ExitCode.OK, code.get(30, TimeUnit.SECONDS), err.toString());
    assertTrue(out.toString().contains("vCenter:       https://vcsa."), out.toString());

    reset();
    List<String> down = new ArrayList<>(List.of("down", lab));
    down.addAll(List.of(fake));
    down.add("--yes");
    assertEquals(ExitCode.OK, run(down.toArray(String[]::new)), out + "\n" + err);
  }

  private void reset() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  private int awaitForwardPort() throws InterruptedException {
    Pattern forward = Pattern.compile("Forward: +127\\.0\\.0\\.1:(\\d+) -> ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = forward.matcher(out.toString());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("connect printed no forward: " + out + err);
  }
}
