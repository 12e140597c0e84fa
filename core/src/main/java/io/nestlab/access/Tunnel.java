package io.nestlab.access;

import java.net.InetSocketAddress;

/**
 * A listening local socket whose connections travel through the SSH connection: a port forward or a
 * SOCKS proxy. Closing it stops listening; closing its {@link SshConnection} closes it too.
 */
public interface Tunnel extends AutoCloseable {
  /** The address it listens on; the port is the real one when port 0 was asked for. */
  InetSocketAddress localAddress();

  /** {@code 127.0.0.1:8443 -> vcsa.lab.internal:443} or {@code SOCKS5 127.0.0.1:1080}. */
  String describe();

  /** Stops listening. Never throws; repeat calls do nothing. */
  @Override
  void close();
}
