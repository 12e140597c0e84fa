package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration script against servers that misbehave, run with the L1 image's Python: one that
 * accepts connections and never answers (the run must end at its --timeout), and TLS servers whose
 * certificate does not verify (the run must stop at once and say what is wrong, not retry until the
 * deadline). Also the inputs a user can get wrong before any connection.
 */
class ConfigureScriptFaultsIT {
  /** A hang guard only: a run that is still going after this long has hung. */
  private static final int GUARD_SECONDS = 75;

  @TempDir Path dir;
  private Path script;
  private Path inventory;
  private Path secrets;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Tools.requireHostPython(true);
    RenderedBootstrap b = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
    script = dir.resolve("nestlab-configure.py");
    Files.writeString(script, b.file("opt/nestlab/bin/nestlab-configure.py").orElseThrow());
    Files.writeString(
        dir.resolve("nestlab_vcls.py"), b.file("opt/nestlab/bin/nestlab_vcls.py").orElseThrow());
    inventory = dir.resolve("lab.json");
    Files.writeString(inventory, b.file("opt/nestlab/etc/lab.json").orElseThrow());
    secrets = dir.resolve("secrets.env");
    Files.writeString(
        secrets,
        "ESXI_ROOT_PASSWORD=Esx.Root-Pass1\nVCSA_ROOT_PASSWORD=Vc-Root.Pass1\n"
            + "SSO_USER=administrator@vsphere.local\nSSO_PASSWORD=Sso.Pass-123\n");
  }

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
  }

  private Tools.Run configure(String server, List<String> extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.HOST_PYTHON,
                script.toString(),
                "--inventory",
                inventory.toString(),
                "--secrets",
                secrets.toString(),
                "--server",
                server));
    cmd.addAll(extra);
    return Tools.run(
        cmd, Map.of("NESTLAB_CONSOLE", dir.resolve("console.log").toString()), dir, GUARD_SECONDS);
  }

  /** A TCP server that accepts every connection and never sends a byte. */
  private int silentServer() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new ArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(server.accept());
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    t.setDaemon(true);
    t.start();
    servers.add(
        () -> {
          server.close();
          for (Socket s : held) {
            s.close();
          }
        });
    return server.getLocalPort();
  }

  @Test
  void aServerThatNeverAnswersEndsTheRunAtItsTimeout() throws Exception {
    int port = silentServer();
    Tools.Run r = configure("127.0.0.1:" + port, List.of("--insecure", "--timeout", "5"));
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("did not finish within --timeout 5 s (while connecting to vCenter")
            || r.output().contains("did not answer within --timeout 5 s"),
        r.output());
    assertFalse(r.output().contains("Traceback"), r.output());
  }

  /**
   * A keypair in a PKCS12 store, made by the JDK's keytool: a self-signed certificate for {@code
   * dns} that may sign others (so that it can stand as its own CA).
   */
  private Path keyStore(String alias, String dns) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Tools.Run r =
        Tools.run(
            List.of(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + dns,
                "-ext",
                "san=dns:" + dns,
                "-ext",
                "bc:c",
                "-validity",
                "30",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit"),
            Map.of(),
            dir,
            60);
    assertEquals(0, r.exit(), r.output());
    return store;
  }

  private Path pem(Path store, String alias) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path pem = dir.resolve(alias + ".pem");
    Tools.Run r =
        Tools.run(
            List.of(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                pem.toString()),
            Map.of(),
            dir,
            60);
    assertEquals(0, r.exit(), r.output());
    return pem;
  }

  /** A TLS server on loopback presenting the certificate of {@code store}; it only shakes hands. */
  private int tlsServer(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                  } catch (IOException handshakeRefusedByTheClient) {
                    if (server.isClosed()) {
                      return;
                    }
                  }
                }
              } catch (RuntimeException e) {
                // the test is over
              }
            });
    t.setDaemon(true);
    t.start();
    servers.add(server::close);
    return server.getLocalPort();
  }

  @Test
  void aCertificateFromAnotherCaStopsTheRunAtOnceNamingTheCaFile() throws Exception {
    int port = tlsServer(keyStore("vcenter", "vcenter.lab.internal"));
    Path otherCa = pem(keyStore("other", "other-ca.example"), "other");
    Tools.Run r =
        configure(
            "127.0.0.1:" + port, List.of("--ca-file", otherCa.toString(), "--timeout", "120"));
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("does not verify against the CA file " + otherCa), r.output());
    assertFalse(r.output().contains("not answering yet"), "retried: " + r.output());
  }

  @Test
  void aCertificateForAnotherNameStopsTheRunAtOnceNamingTheName() throws Exception {
    Path store = keyStore("vcenter", "vcenter.lab.internal");
    int port = tlsServer(store);
    Tools.Run r =
        configure(
            "127.0.0.1:" + port,
            List.of("--ca-file", pem(store, "vcenter").toString(), "--timeout", "120"));
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("is not issued to 127.0.0.1"), r.output());
    assertFalse(r.output().contains("not answering yet"), "retried: " + r.output());
  }

  @Test
  void aMissingSecretsFileIsNamedWithoutATraceback() throws Exception {
    Files.delete(secrets);
    Tools.Run r = configure("127.0.0.1:9", List.of("--insecure", "--timeout", "5"));
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("the secrets file " + secrets + " does not exist"), r.output());
    assertFalse(r.output().contains("Traceback"), r.output());
  }
}
