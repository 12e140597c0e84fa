package io.nestlab.access.internal;

import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.access.ExecResult;
import io.nestlab.access.HostKeyMismatchException;
import io.nestlab.access.HostKeyVerifier;
import io.nestlab.access.PortForward;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.access.SshTarget;
import io.nestlab.access.Tunnel;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * {@link SshConnection} on Apache MINA SSHD (docs/design/0070-ssh-library.md). One MINA client per
 * connection, so that each carries its own host key check and algorithm order. The client never
 * reads {@code ~/.ssh} (no config, no identities, no known_hosts), offers only the lab's key, and
 * lets the server open no channel back (no remote forwarding, agent or X11).
 */
public final class MinaSshConnection implements SshConnection {
  static final long CLOSE_WAIT_MS = 5_000;

  private final SshClient client;
  private final ClientSession session;
  private final SshTarget target;
  private final String hostKeyFingerprint;
  private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private MinaSshConnection(
      SshClient client, ClientSession session, SshTarget target, String hostKeyFingerprint) {
    this.client = client;
    this.session = session;
    this.target = target;
    this.hostKeyFingerprint = hostKeyFingerprint;
  }

  /** See {@link SshConnection#open}. */
  public static SshConnection open(
      SshTarget target, SshKeyPair key, HostKeyVerifier verifier, Duration timeout) {
    MinaSecurity.requireEd25519Support();
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicReference<HostKeyMismatchException> refused = new AtomicReference<>();
    AtomicReference<String> accepted = new AtomicReference<>();
    SshClient client = SshClient.setUpDefaultClient();
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setSignatureFactories(MinaSecurity.signatures(verifier));
    client.setForwardingFilter(
        ForwardingFilter.asForwardingFilter(null, null, MinaSecurity.LOCAL_ONLY));
    client.setServerKeyVerifier(
        (s, remote, serverKey) -> {
          ByteArrayBuffer blob = new ByteArrayBuffer();
          blob.putRawPublicKey(serverKey);
          try {
            verifier.verify(
                target.hostPort(), KeyUtils.getKeyType(serverKey), blob.getCompactData());
            accepted.set(io.nestlab.access.HostKeyFingerprint.sha256Of(blob.getCompactData()));
            return true;
          } catch (HostKeyMismatchException e) {
            refused.set(e);
            return false;
          }
        });
    client.start();
    ClientSession session = null;
    try {
      ConnectFuture cf = client.connect(target.user(), target.host(), target.port());
      if (!cf.await(MinaHelpers.remainingMs(deadline, timeout, target))) {
        throw new NestLabTimeoutException("a TCP connection to " + target.hostPort(), timeout);
      }
      if (cf.getException() != null) {
        throw new NestLabException(
            "cannot reach "
                + target.hostPort()
                + " over SSH: "
                + MinaHelpers.describe(cf.getException())
                + "; check that the lab is running and that your address is in its allowed CIDRs",
            cf.getException());
      }
      session = cf.getSession();
      session.addPublicKeyIdentity(key.toJavaKeyPair(MinaSecurity.bouncyCastle()));
      AuthFuture af = session.auth();
      boolean done = af.await(MinaHelpers.remainingMs(deadline, timeout, target));
      if (refused.get() != null) {
        throw refused.get();
      }
      if (!done) {
        throw new NestLabTimeoutException("SSH login to " + target, timeout);
      }
      if (!af.isSuccess()) {
        throw new NestLabException(
            "SSH login to "
                + target
                + " failed: "
                + MinaHelpers.describe(af.getException())
                + "; the host did not accept the lab's key "
                + key.fingerprint()
                + " (was the lab created with another key?)",
            af.getException());
      }
      return new MinaSshConnection(client, session, target, accepted.get());
    } catch (IOException e) {
      MinaHelpers.closeQuietly(session, client);
      if (refused.get() != null) {
        throw refused.get();
      }
      throw new NestLabException(
          "cannot reach " + target.hostPort() + " over SSH: " + MinaHelpers.describe(e), e);
    } catch (RuntimeException e) {
      MinaHelpers.closeQuietly(session, client);
      throw e;
    }
  }

  @Override
  public SshTarget target() {
    return target;
  }

  @Override
  public boolean isOpen() {
    return !closed.get() && session.isOpen();
  }

  @Override
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run(command, out, err, timeout);
    return new ExecResult(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public int exec(String command, OutputStream out, OutputStream err, Duration timeout) {
    return run(command, out, err, timeout);
  }

  @Override
  public Secret readFile(String remotePath, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run("cat -- " + MinaHelpers.shellQuote(remotePath), out, err, timeout);
    if (status != 0
        && !"root".equals(target.user())
        && err.toString(StandardCharsets.UTF_8).contains("Permission denied")) {
      // Root-only files (the lab's secrets) are read through sudo, which must not ask.
      out.reset();
      err.reset();
      status = run("sudo -n cat -- " + MinaHelpers.shellQuote(remotePath), out, err, timeout);
    }
    if (status != 0) {
      throw fileFailure(
          "read", remotePath, err, status, "the lab may not have finished its bootstrap yet");
    }
    Secret s = Secret.ofBytes(out.toByteArray());
    return s;
  }

  @Override
  public void writeFile(String remotePath, byte[] content, String mode, Duration timeout) {
    if (!remotePath.startsWith("/") || !mode.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException("an absolute path and an octal mode, not " + remotePath);
    }
    String dir = remotePath.substring(0, Math.max(1, remotePath.lastIndexOf('/')));
    String tmp = remotePath + ".nestlab-tmp";
    String script =
        "umask 077 && mkdir -p -- "
            + MinaHelpers.shellQuote(dir)
            + " && cat > "
            + MinaHelpers.shellQuote(tmp)
            + " && chmod "
            + mode
            + " -- "
            + MinaHelpers.shellQuote(tmp)
            + " && mv -f -- "
            + MinaHelpers.shellQuote(tmp)
            + " "
            + MinaHelpers.shellQuote(remotePath);
    String command =
        ("root".equals(target.user()) ? "sh -c " : "sudo -n sh -c ")
            + MinaHelpers.shellQuote(script);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        run(
            command,
            new java.io.ByteArrayInputStream(content),
            OutputStream.nullOutputStream(),
            err,
            timeout);
    if (status != 0) {
      throw fileFailure(
          "write", remotePath, err, status, "the login user needs root or password-less sudo");
    }
  }

  @Override
  public Tunnel forward(PortForward forward) {
    ensureOpen();
    try {
      SshdSocketAddress bound =
          session.startLocalPortForwarding(
              new SshdSocketAddress(forward.bindAddress(), forward.localPort()),
              new SshdSocketAddress(forward.remoteHost(), forward.remotePort()));
      PortForward actual =
          new PortForward(
              forward.bindAddress(), bound.getPort(), forward.remoteHost(), forward.remotePort());
      return register(
          new MinaTunnel(
              bound.toInetSocketAddress(),
              actual.describe(),
              () -> session.stopLocalPortForwarding(bound)));
    } catch (IOException e) {
      throw listenFailure(forward.bindAddress(), forward.localPort(), e);
    }
  }

  @Override
  public Tunnel socks(String bindAddress, int port) {
    ensureOpen();
    try {
      SshdSocketAddress bound =
          session.startDynamicPortForwarding(new SshdSocketAddress(bindAddress, port));
      return register(
          new MinaTunnel(
              bound.toInetSocketAddress(),
              "SOCKS5 " + bound.getHostName() + ":" + bound.getPort() + " via " + target.hostPort(),
              () -> session.stopDynamicPortForwarding(bound)));
    } catch (IOException e) {
      throw listenFailure(bindAddress, port, e);
    }
  }

  @Override
  public int interactive(
      String command, String term, int columns, int rows, InputStream in, OutputStream out) {
    ensureOpen();
    try (ClientChannel ch = command == null ? session.createShellChannel() : pty(command)) {
      if (ch instanceof org.apache.sshd.client.channel.PtyCapableChannelSession p) {
        p.setUsePty(true);
        p.setPtyType(term == null ? "xterm" : term);
        p.setPtyColumns(columns);
        p.setPtyLines(rows);
      }
      // MINA closes the streams it is given when the channel ends; the caller's (System.in and
      // System.out, for the CLI) must outlive it. Output is flushed as it comes.
      ch.setIn(
          new FilterInputStream(in) {
            @Override
            public void close() {}
          });
      OutputStream shared =
          new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              synchronized (this) {
                out.write(b, off, len);
                out.flush();
              }
            }

            @Override
            public void close() throws IOException {
              out.flush();
            }
          };
      ch.setOut(shared);
      ch.setErr(shared);
      ch.open().verify(Duration.ofSeconds(30));
      // Ends when the user leaves the shell or the connection drops.
      ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
      Integer status = ch.getExitStatus();
      return status == null ? -1 : status;
    } catch (IOException e) {
      throw new NestLabException(
          "the SSH session to " + target + " failed: " + MinaHelpers.describe(e), e);
    }
  }

  private ChannelExec pty(String command) throws IOException {
    ChannelExec exec = session.createExecChannel(command);
    exec.setUsePty(true);
    return exec;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Tunnel t : new ArrayList<>(tunnels)) {
      t.close();
    }
    MinaHelpers.closeQuietly(session, client);
  }

  private int run(String command, OutputStream out, OutputStream err, Duration timeout) {
    return run(command, InputStream.nullInputStream(), out, err, timeout);
  }

  private int run(
      String command, InputStream in, OutputStream out, OutputStream err, Duration timeout) {
    ensureOpen();
    try (ChannelExec ch = session.createExecChannel(command)) {
      ch.setIn(in);
      ch.setOut(out);
      ch.setErr(err);
      ch.open().verify(timeout);
      Set<ClientChannelEvent> events =
          ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new NestLabTimeoutException("'" + command + "' on " + target, timeout);
      }
      Integer status = ch.getExitStatus();
      return status == null ? -1 : status;
    } catch (IOException e) {
      throw new NestLabException(
          "running '" + command + "' on " + target + " failed: " + MinaHelpers.describe(e), e);
    }
  }

  private NestLabException fileFailure(
      String verb, String remotePath, ByteArrayOutputStream err, int status, String hint) {
    return new NestLabException(
        "cannot "
            + verb
            + " "
            + remotePath
            + " on "
            + target
            + ": "
            + MinaHelpers.firstLine(err.toString(StandardCharsets.UTF_8))
            + " (exit status "
            + status
            + "); "
            + hint);
  }

  private Tunnel register(MinaTunnel t) {
    tunnels.add(t);
    t.onClose = () -> tunnels.remove(t);
    return t;
  }

  private NestLabException listenFailure(String bind, int port, IOException e) {
    return new NestLabException(
        "cannot listen on "
            + bind
            + ":"
            + port
            + ": "
            + MinaHelpers.describe(e)
            + "; choose another local port (0 picks a free one)",
        e);
  }

  private void ensureOpen() {
    if (closed.get() || !session.isOpen()) {
      throw new NestLabException("the SSH connection to " + target + " is closed");
    }
  }
}
