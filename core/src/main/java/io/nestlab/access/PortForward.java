package io.nestlab.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A local port forward: connections to {@code bindAddress:localPort} on this machine reach {@code
 * remoteHost:remotePort} as seen from the L1 host.
 *
 * @param bindAddress the local address to listen on; loopback unless the user asks otherwise
 * @param localPort the local port, or 0 for any free port
 * @param remoteHost a name or address the L1 host can reach, for example {@code vcsa.lab.internal}
 * @param remotePort the port there
 */
public record PortForward(String bindAddress, int localPort, String remoteHost, int remotePort) {
  public static final String LOOPBACK = "127.0.0.1";

  public PortForward {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(remoteHost, "remoteHost");
    if (localPort < 0 || localPort > 65535) {
      throw new IllegalArgumentException("local port " + localPort + " is not in 0-65535");
    }
    if (remotePort < 1 || remotePort > 65535) {
      throw new IllegalArgumentException("remote port " + remotePort + " is not in 1-65535");
    }
    if (remoteHost.isBlank()) {
      throw new IllegalArgumentException("the remote host of a port forward is empty");
    }
  }

  public static PortForward of(int localPort, String remoteHost, int remotePort) {
    return new PortForward(LOOPBACK, localPort, remoteHost, remotePort);
  }

  /**
   * Parses {@code LOCAL:HOST:PORT} (listening on loopback) or {@code BIND:LOCAL:HOST:PORT}, as
   * {@code ssh -L} does; an IPv6 address goes in brackets: {@code 8443:[fd00::10]:443}.
   *
   * @throws IllegalArgumentException naming the problem and the expected form
   */
  public static PortForward parse(String text) {
    return parse(text, LOOPBACK);
  }

  /** Like {@link #parse(String)}, listening on {@code defaultBind} when the text names none. */
  public static PortForward parse(String text, String defaultBind) {
    Objects.requireNonNull(text, "text");
    List<String> parts = split(text);
    try {
      if (parts.size() == 3) {
        return new PortForward(
            defaultBind, port(parts.get(0), "local"), parts.get(1), port(parts.get(2), "remote"));
      }
      if (parts.size() == 4) {
        return new PortForward(
            parts.get(0), port(parts.get(1), "local"), parts.get(2), port(parts.get(3), "remote"));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "port forward '" + text + "': " + e.getMessage() + "; expected LOCAL:HOST:PORT", e);
    }
    throw new IllegalArgumentException(
        "port forward '"
            + text
            + "' is not LOCAL:HOST:PORT (for example 8443:vcsa.lab.internal:443)");
  }

  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean bracket = false;
    for (char c : text.toCharArray()) {
      if (c == '[') {
        bracket = true;
      } else if (c == ']') {
        bracket = false;
      } else if (c == ':' && !bracket) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  private static int port(String value, String which) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(which + " port '" + value + "' is not a number", e);
    }
  }

  /** {@code 127.0.0.1:8443 -> vcsa.lab.internal:443}. */
  public String describe() {
    return bracket(bindAddress) + ":" + localPort + " -> " + bracket(remoteHost) + ":" + remotePort;
  }

  private static String bracket(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
