package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab access against a real OpenSSH server standing in for the L1 host: host key checked against
 * the console's fingerprints, credentials fetched into a 0600 file, a port forward and a SOCKS
 * proxy carrying bytes to a loopback echo server.
 */
class SshAccessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dir;

  static SshKeyPair labKey;
  static OpenSshServer sshd;
  static EchoServer echo;
  static SshTarget target;
  static HostKeyVerifier verifier;

  @BeforeAll
  static void startServers() throws IOException {
    labKey = SshKeyPair.generate("nestlab-it");
    Path serverDir = Files.createDirectories(dir.resolve("sshd"));
    sshd = OpenSshServer.start(serverDir, labKey.publicKeyLine());
    echo = new EchoServer();
    target = new SshTarget("127.0.0.1", sshd.port(), System.getProperty("user.name"));
    verifier =
        HostKeyVerifier.of(
            HostKeyFingerprints.findInConsole(sshd.consoleText("ec2: ")).orElseThrow());
  }

  @AfterAll
  static void stopServers() throws IOException {
    if (echo != null) {
      echo.close();
    }
    if (sshd != null) {
      sshd.close();
      assertFalse(sshd.isAlive(), "sshd must not outlive the test");
    }
  }

  @Test
  void connectsWhenTheHostKeyMatchesTheConsoleFingerprint() {
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      ExecResult r = ssh.exec("echo hello from the L1 host; echo oops >&2; exit 3", TIMEOUT);
      assertEquals("hello from the L1 host\n", r.stdout());
      assertEquals("oops\n", r.stderr());
      assertEquals(3, r.exitStatus());
      assertEquals(verifier.expected().keys().get(0).sha256(), ssh.hostKeyFingerprint());
    }
  }

  @Test
  void refusesAHostWhoseKeyDoesNotMatchTheConsole() throws IOException {
    Path other = dir.resolve("other_host_key");
    OpenSshServer.keygen(other, "ed25519");
    String otherLine = OpenSshServer.run("ssh-keygen", "-l", "-f", other + ".pub").strip();
    HostKeyVerifier wrong =
        HostKeyVerifier.of(
            HostKeyFingerprints.findInConsole(
                    HostKeyFingerprints.BEGIN + "\n" + otherLine + "\n" + HostKeyFingerprints.END)
                .orElseThrow());

    HostKeyMismatchException e =
        assertThrows(
            HostKeyMismatchException.class,
            () -> SshConnection.open(target, labKey, wrong, TIMEOUT).close());

    String actual = verifier.expected().keys().get(0).sha256();
    assertEquals(actual, e.presentedFingerprint());
    assertTrue(
        e.getMessage().startsWith("refusing to connect to 127.0.0.1:" + sshd.port()),
        e.getMessage());
    assertTrue(e.getMessage().contains(actual), e.getMessage());
    assertTrue(e.getMessage().contains(wrong.expected().keys().get(0).sha256()), e.getMessage());
    assertTrue(sshd.isAlive());
  }

  @Test
  void aKeyTheHostDoesNotKnowIsRejectedWithItsFingerprint() {
    SshKeyPair stranger = SshKeyPair.generate("stranger");
    NestLabException e =
        assertThrows(
            NestLabException.class,
            () -> SshConnection.open(target, stranger, verifier, TIMEOUT).close());
    assertTrue(
        e.getMessage().contains("did not accept the lab's key " + stranger.fingerprint()),
        e.getMessage());
  }

  @Test
  void fetchesTheCredentialsFileIntoA0600File() throws IOException {
    Path remote = sshd.dir().resolve("lab credentials.json");
    String creds =
        "{\"vcenter\":{\"user\":\"administrator@vsphere.local\",\"password\":\"Q'x$7!`a\"}}\n";
    Files.writeString(remote, creds);
    Path local = dir.resolve("labs/it/secrets/credentials.json");

    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      ssh.fetchSecretFile(remote.toString(), local, TIMEOUT);

      assertEquals(creds, Files.readString(local));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(local.getParent())));

      NestLabException missing =
          assertThrows(
              NestLabException.class,
              () -> ssh.readFile(sshd.dir().resolve("nope").toString(), TIMEOUT));
      assertTrue(missing.getMessage().contains("No such file"), missing.getMessage());
    }
  }

  @Test
  void writesAFileWholeWithItsModeCreatingItsDirectory() throws IOException {
    Path remote = sshd.dir().resolve("opt/nestlab/bin/nestlab-vcenter.sh");
    byte[] script = "#!/bin/sh\necho 'deferred file'\n".getBytes(StandardCharsets.UTF_8);

    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      ssh.writeFile(remote.toString(), script, "0755", TIMEOUT);
      assertArrayEquals(script, Files.readAllBytes(remote));
      assertEquals(
          "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));

      ssh.writeFile(remote.toString(), new byte[] {'x'}, "0600", TIMEOUT);
      assertEquals("x", Files.readString(remote), "a second write replaces the file");
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
      assertFalse(Files.exists(Path.of(remote + ".nestlab-tmp")), "no temporary file is left");

      Files.createFile(sshd.dir().resolve("a-file"));
      NestLabException e =
          assertThrows(
              NestLabException.class,
              () ->
                  ssh.writeFile(
                      sshd.dir().resolve("a-file/below").toString(), script, "0644", TIMEOUT));
      assertTrue(e.getMessage().startsWith("cannot write "), e.getMessage());
    }
  }

  @Test
  void aPortForwardCarriesBytesToTheEchoServerAndStopsWhenClosed() throws IOException {
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      Tunnel t = ssh.forward(PortForward.parse("0:127.0.0.1:" + echo.port()));
      int local = t.localAddress().getPort();
      assertTrue(local > 0);
      assertEquals("127.0.0.1:" + local + " -> 127.0.0.1:" + echo.port(), t.describe());

      try (Socket s = new Socket("127.0.0.1", local)) {
        assertRoundTrip(s, 200_000);
      }

      t.close();
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", local).close());
    }
  }

  @Test
  void theSocksProxyReachesTheEchoServerByNameResolvedOnTheHost() throws IOException {
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      Tunnel socks = ssh.socks("127.0.0.1", 0);
      Proxy proxy = new Proxy(Proxy.Type.SOCKS, socks.localAddress());
      try (Socket s = new Socket(proxy)) {
        // Unresolved: the name travels to the SSH host, as a browser with remote DNS sends it.
        s.connect(InetSocketAddress.createUnresolved("localhost", echo.port()), 10_000);
        s.setSoTimeout(10_000);
        assertRoundTrip(s, 50_000);
      }
    }
  }

  @Test
  void closingTheConnectionClosesItsTunnels() throws IOException {
    int forwarded;
    int socksPort;
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      forwarded = ssh.forward(PortForward.of(0, "127.0.0.1", echo.port())).localAddress().getPort();
      socksPort = ssh.socks("127.0.0.1", 0).localAddress().getPort();
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", forwarded).close());
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", socksPort).close());
  }

  @Test
  void anInteractiveCommandGetsATerminalAndLeavesTheCallersStreamsOpen() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    CloseRecordingStream out = new CloseRecordingStream(screen);
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT)) {
      int status =
          ssh.interactive(
              "tty; stty size; exit 4",
              "xterm",
              132,
              43,
              new ByteArrayInputStream(new byte[0]),
              out);
      assertEquals(4, status);
    }
    String text = screen.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("/dev/pts/"), text);
    assertTrue(text.contains("43 132"), text);
    assertFalse(out.closed, "the caller's stream (System.out, for the CLI) must stay open");
  }

  /** Remembers whether it was closed. */
  private static final class CloseRecordingStream extends FilterOutputStream {
    volatile boolean closed;

    CloseRecordingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aBusyLocalPortIsReportedWithAHint() throws IOException {
    try (SshConnection ssh = SshConnection.open(target, labKey, verifier, TIMEOUT);
        java.net.ServerSocket busy =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      NestLabException e =
          assertThrows(
              NestLabException.class,
              () -> ssh.forward(PortForward.of(busy.getLocalPort(), "127.0.0.1", echo.port())));
      assertTrue(
          e.getMessage().startsWith("cannot listen on 127.0.0.1:" + busy.getLocalPort()),
          e.getMessage());
      assertTrue(e.getMessage().contains("choose another local port"), e.getMessage());
    }
  }

  private static void assertRoundTrip(Socket s, int size) throws IOException {
    byte[] sent = new byte[size];
    new Random(42).nextBytes(sent);
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    Thread writer =
        new Thread(
            () -> {
              try {
                out.write(sent);
                out.flush();
              } catch (IOException ignored) {
                // the read below fails and reports it
              }
            });
    writer.start();
    byte[] got = new byte[size];
    new DataInputStream(in).readFully(got);
    assertArrayEquals(sent, got);
  }
}
