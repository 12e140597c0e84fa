package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nestlab.access.EchoServer;
import io.nestlab.access.OpenSshServer;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.Tunnel;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabKey;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handle's SSH, tunnels and thumbprint against a real OpenSSH server standing in for the L1
 * host of a fake-cloud lab, reached the way a cloud lab is: host key verified against the console.
 */
class LabHandleSshIT {
  static final String THUMBPRINT = "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67";

  @TempDir static Path dir;
  static OpenSshServer sshd;
  static EchoServer echo;
  static SshKeyPair key;
  static LabHandle handle;
  static LabEngine engine;
  static FakeLabProvider fake;

  @BeforeAll
  static void lab() throws IOException {
    key = SshKeyPair.generate("nestlab-junit-it");
    sshd = OpenSshServer.start(Files.createDirectories(dir.resolve("sshd")), key.publicKeyLine());
    echo = new EchoServer();
    Path creds = sshd.dir().resolve("secrets.env");
    Files.writeString(
        creds,
        "SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Qx7!bz\nVCENTER_THUMBPRINT="
            + THUMBPRINT
            + "\n");
    fake =
        FakeLabProvider.builder()
            .transition(Duration.ofMillis(20))
            .bootPhase(Duration.ofMillis(5))
            .sshStandIn(sshd.port(), System.getProperty("user.name"))
            .bootConsole(sshd.consoleText("ec2: "))
            .build();
    engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> fake)
            .keys(labId -> new LabKey(key.publicKeyLine(), key.privateKey().reveal()))
            .credentialsPath(creds.toString())
            .pollInterval(Duration.ofMillis(20))
            .stateTimeout(Duration.ofSeconds(30))
            .build();
    String spec;
    try (InputStream in =
        LabHandleSshIT.class
            .getClassLoader()
            .getResourceAsStream("io/nestlab/junit/one-host.yaml")) {
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    LabRecord rec =
        engine.create(
            CreateRequest.of(
                LabSpecs.parse(spec, "one-host.yaml"),
                FakeCatalog.option("fake.nested.8x64", 30, 130),
                ProviderSettings.empty()));
    assertEquals(LabStatus.READY, rec.status(), rec.lastError());
    handle = new LabHandle(engine, fake, ProviderSettings.empty(), rec.labId(), null, false);
  }

  @AfterAll
  static void stop() throws IOException {
    if (handle != null) {
      handle.close();
    }
    if (echo != null) {
      echo.close();
    }
    if (sshd != null) {
      sshd.close();
      assertFalse(sshd.isAlive());
    }
  }

  @Test
  void sshReachesTheL1HostWithItsVerifiedKey() {
    try (SshConnection ssh = handle.ssh()) {
      assertEquals("ok\n", ssh.exec("echo ok", Duration.ofSeconds(20)).stdout());
    }
  }

  @Test
  void aPortForwardCarriesBytesToAServiceTheHostReaches() throws IOException {
    try (Tunnel t = handle.forward(0, "127.0.0.1", echo.port());
        Socket s = new Socket("127.0.0.1", t.localAddress().getPort())) {
      roundTrip(s);
    }
  }

  @Test
  void theSocksProxyResolvesNamesOnTheHost() throws IOException {
    try (Tunnel socks = handle.socks(0);
        Socket s = new Socket(new Proxy(Proxy.Type.SOCKS, socks.localAddress()))) {
      s.connect(InetSocketAddress.createUnresolved("localhost", echo.port()), 10_000);
      s.setSoTimeout(10_000);
      roundTrip(s);
    }
  }

  @Test
  void vcenterCarriesTheThumbprintOfTheFetchedCredentials() {
    VcenterAccess vc = handle.vcenter();

    assertEquals(THUMBPRINT, vc.sslThumbprint());
    assertEquals("Qx7!bz", vc.password().reveal());
  }

  @Test
  void closingTheHandleClosesItsTunnels() throws IOException {
    LabHandle other =
        new LabHandle(engine, fake, ProviderSettings.empty(), handle.labId(), null, false);
    int port = other.socks(0).localAddress().getPort();

    other.close();

    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  private static void roundTrip(Socket s) throws IOException {
    byte[] sent = "through the L1 host\n".getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(sent);
    s.getOutputStream().flush();
    byte[] got = new byte[sent.length];
    new DataInputStream(s.getInputStream()).readFully(got);
    assertArrayEquals(sent, got);
  }
}
