package io.nestlab.access;

import java.util.Objects;

/**
 * Where to SSH: the L1 host's address, port and login user.
 *
 * @param host an IP address or DNS name
 * @param port the SSH port, 1-65535
 * @param user the login user
 */
public record SshTarget(String host, int port, String user) {
  public static final int DEFAULT_PORT = 22;

  public SshTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SSH host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port " + port + " is not in 1-65535");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("the SSH user is empty");
    }
  }

  public static SshTarget of(String host, String user) {
    return new SshTarget(host, DEFAULT_PORT, user);
  }

  /** {@code user@host:port}. */
  @Override
  public String toString() {
    return user + "@" + hostPort();
  }

  /** {@code host:port}, with an IPv6 address in brackets. */
  public String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
