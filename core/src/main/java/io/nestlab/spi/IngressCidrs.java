package io.nestlab.spi;

import io.nestlab.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule every provider applies to the addresses it lets in: IPv4 CIDRs written as network
 * addresses, and never the internet at large unless the user opts in. "The internet at large" is
 * any prefix shorter than /8, or a set adding up to more than a /8's worth of addresses (2^24), so
 * {@code 0.0.0.0/1,128.0.0.0/1} is refused like {@code 0.0.0.0/0}.
 */
public final class IngressCidrs {
  /** The most addresses a set may cover without the opt-in: one /8. */
  public static final long MAX_ADDRESSES = 1L << 24;

  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private IngressCidrs() {}

  /**
   * The problems of {@code cidrs}, each naming {@code setting}; empty when they may be used.
   *
   * @param openAllowed the user set {@code optIn} to let the whole internet in
   */
  public static List<Problem> check(
      String setting, List<String> cidrs, boolean openAllowed, String optIn) {
    List<Problem> problems = new ArrayList<>();
    long total = 0;
    List<String> wide = new ArrayList<>();
    for (String c : cidrs) {
      Matcher m = CIDR.matcher(c.trim());
      long address = 0;
      boolean ok = m.matches();
      for (int i = 1; ok && i <= 4; i++) {
        int octet = Integer.parseInt(m.group(i));
        ok = octet <= 255;
        address = (address << 8) | octet;
      }
      int prefix = ok ? Integer.parseInt(m.group(5)) : -1;
      if (!ok || prefix > 32) {
        problems.add(Problem.of(setting, "'" + c + "' is not an IPv4 CIDR like 203.0.113.7/32"));
        continue;
      }
      long size = 1L << (32 - prefix);
      if (address % size != 0) {
        long network = address - address % size;
        problems.add(
            Problem.of(
                setting,
                "'"
                    + c
                    + "' has host bits set; write its network address, "
                    + dotted(network)
                    + "/"
                    + prefix));
        continue;
      }
      total += size;
      if (prefix < 8) {
        wide.add(c);
      }
    }
    if (!openAllowed && (!wide.isEmpty() || total > MAX_ADDRESSES)) {
      problems.add(
          Problem.of(
              setting,
              (wide.isEmpty() ? String.join(",", cidrs) : String.join(",", wide))
                  + " lets in "
                  + (wide.isEmpty()
                      ? total + " addresses, more than a /8"
                      : "the internet at large")
                  + "; name your own addresses (your IP as /32, your office's range), or also set "
                  + optIn
                  + "=true if you really mean it"));
    }
    return problems;
  }

  private static String dotted(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }
}
