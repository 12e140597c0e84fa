package io.nestlab.gcp.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR ranges for firewall rules. */
public final class Cidrs {
  private static final Pattern V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

  private Cidrs() {}

  /**
   * {@code 203.0.113.7} becomes {@code 203.0.113.7/32}; a range is kept. A range covering the whole
   * internet is refused unless {@code allowOpen}.
   *
   * @throws IllegalArgumentException naming what is wrong and how to fix it
   */
  public static String normalise(String text, boolean allowOpen) {
    String t = text.trim();
    Matcher m = V4.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IPv4 address or range; write it like 203.0.113.7/32");
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        throw new IllegalArgumentException("'" + text + "' has an octet above 255");
      }
    }
    int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new IllegalArgumentException("'" + text + "' has a prefix above /32");
    }
    if (prefix == 0 && !allowOpen) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' opens the lab to the whole internet; give your own address (e.g."
              + " 203.0.113.7/32), or force it with --provider-opt allow-open-ingress=true");
    }
    return m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4) + "/" + prefix;
  }
}
