package io.nestlab.access;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian's {@code openssh-server}) on a free loopback port, with its own
 * temporary host key, authorized_keys and sshd_config; it stands in for a lab's L1 host. Stopped by
 * {@link #close()} and, should the test JVM end first, by a shutdown hook.
 */
public final class OpenSshServer implements AutoCloseable {
  static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Path dir;
  private final Process process;
  private final int port;
  private final Thread hook;

  private OpenSshServer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.hook = new Thread(process::destroyForcibly, "sshd-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts sshd authorizing {@code authorizedKeyLine}, with one Ed25519 host key. */
  public static OpenSshServer start(Path dir, String authorizedKeyLine) throws IOException {
    return start(dir, authorizedKeyLine, new String[0]);
  }

  /** A server with {@code extraConfig} lines added to its sshd_config (say, a ForceCommand). */
  public static OpenSshServer start(Path dir, String authorizedKeyLine, String... extraConfig)
      throws IOException {
    Peers.require(Peer.OPENSSH_SERVER, Peer.OPENSSH_CLIENT);
    keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519");
    Files.writeString(dir.resolve("authorized_keys"), authorizedKeyLine + "\n");
    Files.setPosixFilePermissions(
        dir.resolve("authorized_keys"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    if (isRoot()) {
      // sshd's privilege separation directory; the Debian service creates it at boot.
      Files.createDirectories(Path.of("/run/sshd"));
    }
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("ssh_host_ed25519_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            "AllowUsers " + System.getProperty("user.name"),
            "AllowTcpForwarding local",
            "X11Forwarding no",
            "PrintMotd no",
            "LogLevel INFO",
            String.join("\n", extraConfig),
            ""));
    Process p =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    OpenSshServer server = new OpenSshServer(dir, p, port);
    try {
      server.awaitListening();
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public Path hostPublicKey() {
    return dir.resolve("ssh_host_ed25519_key.pub");
  }

  /** What cloud-init prints on the console for this server's host keys, with a prefix. */
  public String consoleText(String prefix) throws IOException {
    String fingerprint = run("ssh-keygen", "-l", "-f", hostPublicKey().toString()).strip();
    return String.join(
        "\r\n",
        prefix + "#############################################################",
        prefix + HostKeyFingerprints.BEGIN,
        "[   12.345678] random: crng init done",
        prefix + fingerprint,
        prefix + HostKeyFingerprints.END,
        prefix + "#############################################################",
        "");
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sshd exited at start: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException("sshd did not listen within " + START_TIMEOUT + ": " + log());
  }

  public static void keygen(Path keyFile, String type) throws IOException {
    run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@l1-test", "-f", keyFile.toString());
  }

  public static String run(String... command) throws IOException {
    if (command[0].equals("ssh-keygen")) {
      Peers.require(Peer.OPENSSH_CLIENT);
    }
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
