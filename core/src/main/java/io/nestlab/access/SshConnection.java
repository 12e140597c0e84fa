package io.nestlab.access;

import io.nestlab.access.internal.MinaSshConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An authenticated SSH connection to a lab's L1 host, made only after the host's key matched a
 * fingerprint the host printed on its console. Runs commands, fetches files and opens tunnels;
 * closing it closes every tunnel it opened. Thread-safe.
 *
 * <pre>{@code
 * try (SshConnection ssh = SshConnection.open(target, keyPair, verifier, Duration.ofSeconds(30))) {
 *   Tunnel ui = ssh.forward(PortForward.parse("8443:vcsa.lab.internal:443"));
 *   // https://127.0.0.1:8443/ui reaches vCenter while the connection is open
 * }
 * }</pre>
 */
public interface SshConnection extends AutoCloseable {

  /**
   * Connects and authenticates with the lab's key.
   *
   * @param timeout bounds the TCP connect, the key exchange and the authentication together
   * @throws HostKeyMismatchException when the host's key is not one {@code verifier} expects
   * @throws io.nestlab.NestLabTimeoutException when the host does not answer in time
   * @throws io.nestlab.NestLabException when the host refuses the key or cannot be reached
   */
  static SshConnection open(
      SshTarget target, SshKeyPair key, HostKeyVerifier verifier, Duration timeout) {
    return MinaSshConnection.open(target, key, verifier, timeout);
  }

  SshTarget target();

  /** True until it is closed or the connection drops. */
  boolean isOpen();

  /** The SHA256 fingerprint of the host key that was verified. */
  String hostKeyFingerprint();

  /**
   * Runs a command (through the login shell of the remote user) and collects its output.
   *
   * @throws io.nestlab.NestLabTimeoutException when it does not finish within {@code timeout}
   */
  ExecResult exec(String command, Duration timeout);

  /**
   * Runs a command, streaming its output to {@code out} and {@code err} as it comes, and returns
   * its exit status (-1 when the host sent none).
   *
   * @throws io.nestlab.NestLabTimeoutException when it does not finish within {@code timeout}
   */
  int exec(String command, OutputStream out, OutputStream err, Duration timeout);

  /**
   * Reads a remote file whole; for files of a few megabytes at most. A file the login user may not
   * read is read through {@code sudo -n} (never prompting), as a cloud image's default user can.
   *
   * @throws io.nestlab.NestLabException naming the file when it is missing or unreadable
   */
  Secret readFile(String remotePath, Duration timeout);

  /**
   * Writes {@code content} to a remote file as root (through {@code sudo -n} unless the login user
   * is root), creating its directory, with the octal {@code mode} (for example {@code "0755"}). The
   * file appears whole or not at all: it is written beside and renamed into place.
   *
   * @throws io.nestlab.NestLabException naming the file when it cannot be written
   */
  void writeFile(String remotePath, byte[] content, String mode, Duration timeout);

  /** Copies a remote file into a local 0600 secret file (see {@link SecretFiles}). */
  default void fetchSecretFile(String remotePath, Path localFile, Duration timeout) {
    SecretFiles.write(localFile, readFile(remotePath, timeout));
  }

  /** Opens a local port forward. */
  Tunnel forward(PortForward forward);

  /**
   * Opens a SOCKS proxy (versions 4 and 5; dynamic forwarding, like {@code ssh -D}) on {@code
   * bindAddress:port} (port 0: any free port); names are resolved on the L1 host.
   */
  Tunnel socks(String bindAddress, int port);

  /**
   * Runs an interactive shell, or {@code command} when not null, with a terminal of {@code columns}
   * x {@code rows}, copying {@code in} to it and its output to {@code out}; returns its exit status
   * when it ends. The caller puts the local terminal into raw mode.
   */
  int interactive(
      String command, String term, int columns, int rows, InputStream in, OutputStream out);

  /** Closes the tunnels and the connection. Never throws; repeat calls do nothing. */
  @Override
  void close();
}
